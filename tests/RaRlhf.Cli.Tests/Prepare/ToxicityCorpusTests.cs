using System.Text.Json;
using RaRlhf.Cli.Prepare;
using RaRlhf.Text.Datasets;

namespace RaRlhf.Cli.Tests.Prepare;

/// <summary>
/// The toxicity corpus on generated Jigsaw / RTP / IMDB-shaped files: train sides only (no reward-model or prompt
/// validation text leaks into pretraining or SFT), SFT = non-toxic comments, every document once.
/// </summary>
public sealed class ToxicityCorpusTests
{
    [Fact]
    public void Write_GeneratedData_KeepsValidationTextsOutAndSftNonToxic()
    {
        var data = TinyImdbData.Create();
        Directory.CreateDirectory(Path.Combine(data, "jigsaw"));
        Directory.CreateDirectory(Path.Combine(data, "rtp"));
        File.WriteAllLines(Path.Combine(data, JigsawDataset.BinaryFile),
            ["comment_text,toxic", .. Enumerable.Range(0, 60).Select(i => $"comment {i} is {(i % 2 == 0 ? "rude and nasty" : "kind and calm")},{(i % 2 == 0 ? 1 : 0)}")]);
        File.WriteAllLines(Path.Combine(data, JigsawDataset.MultilabelFile),
            ["id,comment_text,toxic,severe_toxic,obscene,threat,insult,identity_hate,source_file",
             .. Enumerable.Range(0, 10).Select(i => $"m{i},multilabel comment {i},{i % 2},0,0,0,0,0,train.csv"), "m10,comment 1 is kind and calm,0,0,0,0,0,0,train.csv"]);
        File.WriteAllLines(Path.Combine(data, RtpDataset.File), Enumerable.Range(0, 20).Select(i => JsonSerializer.Serialize(new
        {
            filename = $"f{i}.txt", begin = 0, end = 10, challenging = false,
            prompt = new { text = $"prompt {i} ", toxicity = i % 4 == 0 ? 0.9 : 0.1 },
            continuation = new { text = $"continues {i}", toxicity = 0.2 },
        })));
        var dataDir = DataDirectory.Resolve(data);
        var outDir = Path.Combine(data, "corpus");

        var (pretrainCount, sftCount) = ToxicityCorpus.Write(dataDir, imdbDocuments: 5, outDir, _ => { });

        static List<string> Read(string path) => File.ReadLines(path).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()!).ToList();
        var pretrain = Read(Path.Combine(outDir, ToxicityCorpus.PretrainFile));
        var sft = Read(Path.Combine(outDir, ToxicityCorpus.SftFile));
        var jigsaw = JigsawDataset.Split(JigsawDataset.LoadBinary(dataDir.Require(JigsawDataset.BinaryFile)));
        var rtp = RtpDataset.Split(RtpDataset.Load(dataDir.Require(RtpDataset.File)));
        Assert.Equal(pretrainCount, pretrain.Count);
        Assert.Equal(sftCount, sft.Count);
        Assert.NotEmpty(jigsaw.Validation);
        Assert.DoesNotContain(pretrain, t => jigsaw.Validation.Any(c => c.Text == t));
        Assert.DoesNotContain(pretrain, t => rtp.Validation.Any(p => t.StartsWith(p.Text, StringComparison.Ordinal)));
        Assert.Equal(jigsaw.Train.Where(c => !c.IsToxic).Select(c => c.Text), sft);
        Assert.All(sft, t => Assert.Contains("kind", t));
        Assert.Equal(pretrain.Count, pretrain.Distinct().Count());
        Assert.Equal(5 + jigsaw.Train.Count + 10 + rtp.Train.Count, pretrain.Count); // "comment 1 …" in the multilabel file is a binary comment already
        Directory.Delete(data, recursive: true);
    }
}
