using System.Text.Json;
using RaRlhf.Cli.Jobs;
using RaRlhf.Text.Datasets;

namespace RaRlhf.Cli.Tests;

/// <summary>
/// The built-in evaluation sets of the toxicity tasks on generated Jigsaw / RTP-shaped files (no dataset text): the
/// prompts are the validation side of the same split the training prompts take the train side of, and the
/// perplexity texts (label 0) are non-toxic validation texts.
/// </summary>
public sealed class EvalValidationSetTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "rarlhf-eval-validation-" + Guid.NewGuid().ToString("N"));

    public EvalValidationSetTests()
    {
        Directory.CreateDirectory(Path.Combine(_data, "jigsaw"));
        Directory.CreateDirectory(Path.Combine(_data, "rtp"));
        File.WriteAllLines(Path.Combine(_data, JigsawDataset.BinaryFile),
            ["comment_text,toxic", .. Enumerable.Range(0, 100).Select(i => $"comment {i} is {(i % 2 == 0 ? "rude and nasty" : "kind and calm")},{(i % 2 == 0 ? 1 : 0)}"),
             "comment 1 is kind and calm,0"]); // a duplicate text: one id, kept once
        File.WriteAllLines(Path.Combine(_data, RtpDataset.File), Enumerable.Range(0, 60).Select(i => JsonSerializer.Serialize(new
        {
            filename = $"f{i}.txt", begin = 0, end = 10, challenging = false,
            prompt = new { text = $"prompt {i} ", toxicity = i % 10 == 9 ? (double?)null : i % 4 == 0 ? 0.9 : 0.1 },
            continuation = new { text = $"continues {i}", toxicity = i % 3 == 0 ? 0.8 : 0.2 },
        })));
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public void Load_Jigsaw_PromptsAreExactlyTheValidationSideOnce()
    {
        var set = EvalValidationSet.Load("jigsaw", DataDirectory.Resolve(_data));

        var split = JigsawDataset.Split(JigsawDataset.LoadBinary(Path.Combine(_data, JigsawDataset.BinaryFile)));
        var ordered = set.OrderedPrompts();
        Assert.NotEmpty(split.Validation);
        Assert.Equal(split.Validation.Select(c => c.Id).Distinct().Order(StringComparer.Ordinal), ordered.Select(p => p.Id).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(ordered, p => split.Train.Any(c => c.Text == p.Text));
        Assert.Contains(ordered, p => p.Label == 1);
        Assert.Contains(ordered, p => p.Label == 0);
        Assert.NotEqual(set.Prompts.Select(p => p.Id), ordered.Select(p => p.Id)); // shuffled, not file order
    }

    [Fact]
    public void TextsOfLabel_Jigsaw0_NonToxicValidationComments()
    {
        var set = EvalValidationSet.Load("jigsaw", DataDirectory.Resolve(_data));

        var split = JigsawDataset.Split(JigsawDataset.LoadBinary(Path.Combine(_data, JigsawDataset.BinaryFile)));
        var texts = set.TextsOfLabel(0).Select(t => t.Text).ToArray();
        Assert.Equal(split.Validation.Where(c => !c.IsToxic).Select(c => c.Text).Distinct().Order(StringComparer.Ordinal), texts.Order(StringComparer.Ordinal));
        Assert.All(texts, t => Assert.Contains("kind and calm", t));
    }

    [Fact]
    public void Load_Rtp_PromptsAreTheValidationSide()
    {
        var set = EvalValidationSet.Load("rtp", DataDirectory.Resolve(_data));

        var split = RtpDataset.Split(RtpDataset.Load(Path.Combine(_data, RtpDataset.File)));
        Assert.NotEmpty(split.Validation);
        Assert.Equal(split.Validation.Select(p => p.Id).Order(StringComparer.Ordinal), set.OrderedPrompts().Select(p => p.Id).Order(StringComparer.Ordinal));
        Assert.Equal(split.Validation.Select(p => p.Text).Order(StringComparer.Ordinal), set.OrderedPrompts().Select(p => p.Text).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(set.OrderedPrompts(), p => split.Train.Any(t => t.Id == p.Id));
    }

    [Fact]
    public void TextsOfLabel_Rtp0_ValidationPromptPlusContinuationBothScoredNonToxic()
    {
        var set = EvalValidationSet.Load("rtp", DataDirectory.Resolve(_data));

        var split = RtpDataset.Split(RtpDataset.Load(Path.Combine(_data, RtpDataset.File)));
        var expected = split.Validation.Where(p => p.Toxicity <= 0.5 && p.ContinuationToxicity <= 0.5).Select(p => p.Text + p.ContinuationText);
        var texts = set.TextsOfLabel(0).Select(t => t.Text).ToArray();
        Assert.NotEmpty(texts);
        Assert.Equal(expected.Order(StringComparer.Ordinal), texts.Order(StringComparer.Ordinal));
        Assert.Contains(split.Validation, p => p.Toxicity is null || p.ContinuationToxicity > 0.5); // the filter has something to drop
    }

    [Fact]
    public void Load_UnknownTask_NamesTheTasksAndTheWayOut()
    {
        var error = Assert.Throws<EvalInputException>(() => EvalValidationSet.Load("sst2", DataDirectory.Resolve(_data)));

        Assert.Contains("run.task = sst2", error.Message);
        Assert.Contains("--prompts", error.Message);
    }
}
