using System.Text;
using RaRlhf.Actors.Pipeline.Tasks;
using RaRlhf.Testing;
using RaRlhf.Text.Datasets;

namespace RaRlhf.Actors.Tests.Pipeline.Tasks;

/// <summary>
/// TaskPrompts with a character-level "tokenizer" (id = UTF-16 code unit), so a prompt of n ids must be exactly the
/// first n characters of its source text: every prompt is traced back to a record and that record's split side.
/// </summary>
public sealed class TaskPromptsTests
{
    private static int[] Chars(string text) => text.Select(c => (int)c).ToArray();

    private static string Text(int[] ids) => new(ids.Select(i => (char)i).ToArray());

    [Fact]
    public void Load_Imdb_TrainSideReviewsOver200CharsCutToNTokens()
    {
        using var dir = new TempRunDirectory();
        var csv = new StringBuilder("text,label,rating,id\n");
        for (var i = 0; i < 60; i++)
        {
            // Unique 9-char heads; every 5th review is 159-209 chars (most filtered), the others 210+.
            var body = new string((char)('a' + i % 26), i % 5 == 0 ? 150 + i % 51 : 201 + i);
            csv.Append($"review{i:D3}{body},{i % 2},{(i % 2 == 1 ? 9 : 2)},{i}\n");
        }

        Directory.CreateDirectory(Path.Combine(dir.Path, "imdb"));
        File.WriteAllText(Path.Combine(dir.Path, ImdbDataset.TrainFile), csv.ToString());
        var split = ImdbDataset.Split(ImdbDataset.LoadTrain(Path.Combine(dir.Path, ImdbDataset.TrainFile)));

        var set = TaskPrompts.Load("imdb", DataDirectory.Resolve(dir.Path), Chars, promptTokens: 9);

        var expected = split.Train.Where(r => r.Text.Length > 200).Select(r => r.Text[..9]).ToList();
        Assert.Contains(split.Validation, r => r.Text.Length > 200);
        Assert.Equal(expected, set.Prompts.Select(Text));
        var longReviews = Enumerable.Range(0, 60).Count(i => 9 + (i % 5 == 0 ? 150 + i % 51 : 201 + i) > 200);
        Assert.Equal(longReviews - split.Validation.Count(r => r.Text.Length > 200), set.Prompts.Count);
        Assert.Empty(set.Prompts.Select(Text).Intersect(split.Validation.Select(r => r.Text[..9])));
        Assert.Contains("imdb: ", set.Description);
    }

    [Fact]
    public void Load_JigsawFromDataDir_TrainSideCommentsFirst8Tokens()
    {
        TestData.Require(JigsawDataset.BinaryFile);
        var data = DataDirectory.Resolve(TestData.DataDir);
        var split = JigsawDataset.Split(JigsawDataset.LoadBinary(data.PathOf(JigsawDataset.BinaryFile)));

        var set = TaskPrompts.Load("jigsaw", data, Chars, promptTokens: 8);

        var texts = set.Prompts.Select(Text).ToList();
        Assert.Equal(split.Train.Select(c => c.Text.Length <= 8 ? c.Text : c.Text[..8]), texts);
        Assert.All(set.Prompts, p => Assert.InRange(p.Length, 1, 8));
        Assert.True(set.Prompts.Count > 10_000, $"{set.Prompts.Count} prompts");
    }

    [Fact]
    public void Load_RtpFromDataDir_TrainSidePromptsFirst32Tokens()
    {
        TestData.Require(RtpDataset.File);
        var data = DataDirectory.Resolve(TestData.DataDir);
        var split = RtpDataset.Split(RtpDataset.Load(data.PathOf(RtpDataset.File)));

        var set = TaskPrompts.Load("rtp", data, Chars, promptTokens: 32);

        Assert.Equal(split.Train.Select(p => p.Text.Length <= 32 ? p.Text : p.Text[..32]), set.Prompts.Select(Text));
        Assert.Equal(4000, set.Prompts.Count);
    }

    [Fact]
    public void Load_UnknownTask_ThrowsNamingRunTask()
    {
        using var dir = new TempRunDirectory();
        var e = Assert.Throws<ArgumentException>(() => TaskPrompts.Load("imbd", DataDirectory.Resolve(dir.Path), Chars, 8));
        Assert.Contains("run.task", e.Message);
        Assert.Contains("imdb | jigsaw | rtp", e.Message);
    }

    [Fact]
    public void Load_MissingFile_ThrowsNamingTheFile()
    {
        using var dir = new TempRunDirectory();
        var e = Assert.Throws<DatasetNotFoundException>(() => TaskPrompts.Load("rtp", DataDirectory.Resolve(dir.Path), Chars, 8));
        Assert.Contains(RtpDataset.File, e.Message);
    }
}
