using System.Text.Json;
using RaRlhf.Testing;
using Xunit.Abstractions;

namespace RaRlhf.Text.Tests;

/// <summary>
/// Edge-case strings written by this project (Fixtures/make_edge_vectors.py) with the npm reference's GPT-2 ids
/// committed beside them: emoji, ZWJ, combining marks, CJK, \r\n, whitespace runs, very long words, contractions.
/// </summary>
public sealed class EdgeCaseVectorTests
{
    private readonly ITestOutputHelper _output;

    public EdgeCaseVectorTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string> Names() => new(Vectors().Select(v => v.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void Encode_EdgeCase_EqualsCommittedReferenceIds(string name)
    {
        var vector = Vectors().Single(v => v.Name == name);
        var actual = Gpt2Fixture.Tokenizer.Encode(vector.Text);
        _output.WriteLine($"{name}: {actual.Length} ids, expected {vector.Ids.Length}");
        Assert.Equal(vector.Ids, actual);
        Assert.Equal(vector.Text, Gpt2Fixture.Tokenizer.Decode(actual));
    }

    [Fact]
    public void CommittedVectors_NpmReferenceNow_ProducesSameIds()
    {
        var vectors = Vectors();
        var reference = NodeReference.Encode(vectors.Select(v => v.Text).ToList());
        for (var i = 0; i < vectors.Count; i++)
        {
            Assert.True(vectors[i].Ids.SequenceEqual(reference[i]), $"vector '{vectors[i].Name}' is stale; regenerate it");
        }
    }

    [Fact]
    public void Encode_WellKnownGpt2Strings_GivesPublishedIds()
    {
        // Ids quoted throughout GPT-2 documentation and examples.
        Assert.Equal([15496, 995], Gpt2Fixture.Tokenizer.Encode("Hello world"));
        Assert.Equal([464, 2068, 7586, 21831], Gpt2Fixture.Tokenizer.Encode("The quick brown fox"));
        Assert.Equal(50256, Gpt2Fixture.Tokenizer.EosId);
    }

    private static List<(string Name, string Text, int[] Ids)> Vectors()
    {
        var path = Path.Combine(TestData.RepoRoot, "tests", "RaRlhf.Text.Tests", "Fixtures", "edge_vectors.jsonl");
        return File.ReadLines(path).Select(line =>
        {
            var root = JsonDocument.Parse(line).RootElement;
            return (root.GetProperty("name").GetString()!, root.GetProperty("text").GetString()!,
                root.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray());
        }).ToList();
    }
}
