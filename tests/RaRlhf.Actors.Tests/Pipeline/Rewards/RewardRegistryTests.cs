using RaRlhf.Actors.Configuration.Settings;
using RaRlhf.Actors.Pipeline.Rewards;
using RaRlhf.Actors.Pipeline.Rewards.Remote;
using RaRlhf.Actors.Tests.RemoteReward;
using RaRlhf.Models;
using RaRlhf.Testing;
using static RaRlhf.Actors.Tests.Pipeline.Rewards.ScorerConfig;

namespace RaRlhf.Actors.Tests.Pipeline.Rewards;

/// <summary>The built-in scorer types from HOCON: each against the model built by hand, and each error naming its key.</summary>
public sealed class RewardRegistryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rarlhf-registry-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Gpt2Model TinyClassifier(int vocab = 64, Gpt2Heads heads = Gpt2Heads.Score)
    {
        var model = new Gpt2Model(new Gpt2Config(NLayer: 1, NHead: 2, NEmbd: 8, NPositions: 16, VocabSize: vocab), heads, numLabels: 2);
        Gpt2Init.InitializeFromScratch(model, seed: 7);
        Gpt2Init.InitializeHeads(model, heads, seed: 8);
        return model;
    }

    [Fact]
    public async Task Create_Classifier_ScoresLikeClassifierRewardOnTheSavedModel()
    {
        var model = TinyClassifier();
        Gpt2Checkpoint.Save(model, Path.Combine(_dir, "rm"));
        var reward = RewardRegistry.Create(Parse("type = classifier\nmodel = rm\nlabel = 0\nsign = -1"), Context(_dir));
        RewardInput[] items = [new("a", "b", [1, 2, 3], [4, 5]), new("c", "d", [6], [7])];

        var expected = await new ClassifierReward(model, label: 0, sign: -1f).ScoreAsync(items, default);
        var actual = await reward.ScoreAsync(items, default);

        Assert.Equal(expected.Scores, actual.Scores);
        Assert.IsType<ClassifierReward>(reward);
    }

    [Fact]
    public void Create_ClassifierWithMatchingTokenizer_Loads()
    {
        Gpt2Checkpoint.Save(TinyClassifier(vocab: 1000), Path.Combine(_dir, "rm"));
        var tokenizer = TestData.Require("tiny-random-gpt2"); // 1,000 tokens

        var reward = RewardRegistry.Create(Parse($"type = classifier\nmodel = rm\ntokenizer = {Q(tokenizer)}"), Context(_dir));

        Assert.IsType<ClassifierReward>(reward);
    }

    [Theory]
    [InlineData("model = nowhere", "reward.scorers.s.model", "no such directory")]
    [InlineData("model = lm", "reward.scorers.s.model", "no Score head")]
    [InlineData("model = rm\nlabel = 2", "reward.scorers.s.label", "has 2 labels (0..1)")]
    [InlineData("model = rm\nsign = 0", "reward.scorers.s.sign", "must be non-zero")]
    [InlineData("model = rm\ntokenizer = TOKENIZER", "reward.scorers.s.tokenizer", "its vocabulary has 1000 tokens but the classifier")]
    [InlineData("model = rm\ntokenizer = missing-tokenizer", "reward.scorers.s.tokenizer", "tokenizer.json")]
    [InlineData("label = 1", "reward.scorers.s.model", "")]
    public void Create_BadClassifier_NamesTheKey(string keys, string key, string reason)
    {
        Gpt2Checkpoint.Save(TinyClassifier(), Path.Combine(_dir, "rm"));
        Gpt2Checkpoint.Save(TinyClassifier(heads: Gpt2Heads.None), Path.Combine(_dir, "lm"));
        keys = keys.Replace("TOKENIZER", Q(TestData.Require("tiny-random-gpt2")), StringComparison.Ordinal);

        var e = Assert.Throws<ConfigValidationException>(() => RewardRegistry.Create(Parse("type = classifier\n" + keys), Context(_dir)));

        Assert.Contains(key, e.Message);
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public async Task Create_LexiconTsvAndJson_SameWeightsAsLexiconReward()
    {
        File.WriteAllText(Path.Combine(_dir, "w.tsv"), "# word\tweight\ngreat\t2\n\nawful\t-3\n");
        File.WriteAllText(Path.Combine(_dir, "w.json"), """{"great": 2, "awful": -3}""");
        RewardInput[] items = [Response("Great, just GREAT... awful!"), Response("nothing here")];
        var expected = await new LexiconReward(new Dictionary<string, float> { ["great"] = 2f, ["awful"] = -3f }).ScoreAsync(items, default);

        foreach (var file in new[] { "w.tsv", "w.json" })
        {
            var actual = await RewardRegistry.Create(Parse($"type = lexicon\npath = {file}"), Context(_dir)).ScoreAsync(items, default);
            Assert.Equal([1f, 0f], expected.Scores); // hand-computed: 2 + 2 - 3, nothing
            Assert.Equal(expected.Scores, actual.Scores);
            Assert.Equal(expected.Extra, actual.Extra);
        }
    }

    [Theory]
    [InlineData("missing.tsv", "", "no such file")]
    [InlineData("bad.tsv", "good\t1\ngood 2\n", "line 2: expected word<TAB>weight")]
    [InlineData("nan.tsv", "good\tNaN\n", "line 1: expected word<TAB>weight (a finite number)")]
    [InlineData("empty.tsv", "# nothing\n", "the lexicon has no words")]
    [InlineData("bad.json", """{"good": "yes"}""", "the weight of \"good\" must be a finite number")]
    public void Create_BadLexicon_NamesKeyFileAndLine(string file, string content, string reason)
    {
        if (content.Length > 0)
        {
            File.WriteAllText(Path.Combine(_dir, file), content);
        }

        var e = Assert.Throws<ConfigValidationException>(() => RewardRegistry.Create(Parse($"type = lexicon\npath = {file}"), Context(_dir)));

        Assert.Contains("config key 'reward.scorers.s.path' = " + Path.Combine(_dir, file) + " (set at test.conf:3)", e.Message);
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public async Task Create_Http_ScoresThroughServeRewardServerWithTheSectionsBatchSize()
    {
        var model = new TextNumberModel();
        await using var server = RewardServer.Start(model);
        var scorer = Parse($"type = http\nurl = {Q(server.BaseUrl.ToString())}\nbatch_size = 3\ntimeout = 5s\nretries = 1\nmin_backoff = 1ms\nmax_backoff = 2ms");
        var reward = RewardRegistry.Create(scorer, Context(_dir));
        var items = TextNumberModel.Items(7);

        var output = await reward.ScoreAsync(items, default);

        Assert.Equal((await new TextNumberModel().ScoreAsync(items, default)).Scores, output.Scores);
        Assert.Equal([3, 3, 1], model.BatchSizes);
        ((IDisposable)reward).Dispose();
    }

    [Fact]
    public async Task Create_HttpServerGone_ThrowsRemoteRewardExceptionAfterTheSectionsRetries()
    {
        var url = $"http://127.0.0.1:{RewardServer.FreePort()}/";
        using var reward = (HttpRewardModel)RewardRegistry.Create(
            Parse($"type = http\nurl = {Q(url)}\nretries = 2\nmin_backoff = 1ms\nmax_backoff = 1ms\nbreaker_failures = 1\nbreaker_cooldown = 1 minute"), Context(_dir));

        var e = await Assert.ThrowsAsync<RemoteRewardException>(() => reward.ScoreAsync(TextNumberModel.Items(1), default));

        Assert.Contains("gave up after 3 attempts", e.Message);
        Assert.True(reward.Breaker.IsOpen, "breaker_failures = 1 opens the circuit after one failed batch");
    }

    [Theory]
    [InlineData("url = \"not a url\"", "reward.scorers.s.url", "absolute http(s) URL")]
    [InlineData("url = \"ftp://h/\"", "reward.scorers.s.url", "absolute http(s) URL")]
    [InlineData("url = \"http://h/\"\ntimeout = 0s", "reward.scorers.s.timeout", "must be > 0")]
    [InlineData("url = \"http://h/\"\nbatch_size = 0", "reward.scorers.s.batch_size", "must be ≥ 1")]
    [InlineData("url = \"http://h/\"\nretries = lots", "reward.scorers.s.retries", "an integer")]
    [InlineData("url = \"http://h/\"\nmin_backoff = 2s\nmax_backoff = 1s", "reward.scorers.s.max_backoff", "must be ≥ min_backoff")]
    [InlineData("timeout = 1s", "reward.scorers.s.url", "")]
    public void Create_BadHttp_NamesTheKey(string keys, string key, string reason)
    {
        var e = Assert.Throws<ConfigValidationException>(() => RewardRegistry.Create(Parse("type = http\n" + keys), Context(_dir)));

        Assert.Contains(key, e.Message);
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void Parse_UnknownType_RejectedWithTheTypes()
    {
        var e = Assert.Throws<ConfigValidationException>(() => Parse("type = magic"));

        Assert.Contains("reward.scorers.s.type", e.Message);
        Assert.Contains("classifier | lexicon | http | plugin", e.Message);
    }
}
