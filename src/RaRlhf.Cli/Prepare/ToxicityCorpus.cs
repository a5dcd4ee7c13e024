using System.Text;
using System.Text.Json;
using RaRlhf.Cli.Training;
using RaRlhf.Tensors.IO;
using RaRlhf.Text.Datasets;

namespace RaRlhf.Cli.Prepare;

/// <summary>
/// The derived text of the toxicity tasks, as JSON lines <c>{"text": …}</c> that `tokenizer train`, `pretrain --corpus`
/// and `sft --corpus` read. Train sides only, so the reward model's and the evaluation prompts' validation texts are
/// never trained on:
/// <list type="bullet">
/// <item><c>pretrain.jsonl</c>: a fixed sample of IMDB pretraining reviews, the Jigsaw binary train side, the multilabel
/// comments not in the binary validation split, and the RTP train side (prompt + continuation as one document).</item>
/// <item><c>sft.jsonl</c>: the non-toxic comments of the Jigsaw binary train side.</item>
/// </list>
/// These files hold dataset text: they go to the work directory, never into the committed assets.
/// </summary>
internal static class ToxicityCorpus
{
    public const string PretrainFile = "pretrain.jsonl";
    public const string SftFile = "sft.jsonl";

    public static (int Pretrain, int Sft) Write(DataDirectory data, int imdbDocuments, string directory, Action<string> log)
    {
        var imdbSplit = ImdbDataset.Split(ImdbDataset.LoadTrain(data.Require(ImdbDataset.TrainFile)));
        var imdb = DocumentSample.Take(ImdbDataset.PretrainingTexts(imdbSplit, ImdbDataset.LoadUnsup(data.Require(ImdbDataset.UnsupFile))), imdbDocuments);
        var jigsaw = JigsawDataset.Split(JigsawDataset.LoadBinary(data.Require(JigsawDataset.BinaryFile)));
        var seen = jigsaw.Validation.Concat(jigsaw.Train).Select(c => c.Text).ToHashSet(StringComparer.Ordinal);
        var multilabel = JigsawDataset.LoadMultilabel(data.Require(JigsawDataset.MultilabelFile)).Select(c => c.Text).Where(seen.Add).ToList();
        var rtp = RtpDataset.Split(RtpDataset.Load(data.Require(RtpDataset.File))).Train.Select(p => p.Text + p.ContinuationText).ToList();

        var pretrain = imdb.Concat(jigsaw.Train.Select(c => c.Text)).Concat(multilabel).Concat(rtp).ToList();
        var sft = jigsaw.Train.Where(c => !c.IsToxic).Select(c => c.Text).ToList();
        Directory.CreateDirectory(directory);
        WriteLines(Path.Combine(directory, PretrainFile), pretrain);
        WriteLines(Path.Combine(directory, SftFile), sft);
        log($"corpus: {PretrainFile} = {imdb.Count} IMDB + {jigsaw.Train.Count} Jigsaw binary (train side) + {multilabel.Count} Jigsaw multilabel + " +
            $"{rtp.Count} RTP (train side) documents; {SftFile} = {sft.Count} non-toxic Jigsaw comments; in {Path.GetFullPath(directory)}");
        return (pretrain.Count, sft.Count);
    }

    private static void WriteLines(string path, IEnumerable<string> texts) => AtomicFile.Write(path, stream =>
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        foreach (var text in texts)
        {
            writer.Write(JsonSerializer.Serialize(new Dictionary<string, string> { ["text"] = text }));
            writer.Write('\n');
        }
    });
}
