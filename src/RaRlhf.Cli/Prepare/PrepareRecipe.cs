namespace RaRlhf.Cli.Prepare;

/// <summary>
/// The fixed, documented hyperparameters of one task's assets: tokenizer size, the GPT-2 config (written verbatim as
/// <c>model-config.json</c>), and the options of the pretrain, SFT and reward-model stages. Changing a number here
/// changes the stage's recorded command, so `prepare` rebuilds that stage and everything after it.
/// </summary>
internal sealed record PrepareRecipe(
    string Name,
    PrepareSource Source,
    string RewardTask,
    int VocabSize,
    string ModelConfigJson,
    StageHyperparameters Pretrain,
    StageHyperparameters Sft,
    StageHyperparameters Reward,
    int? ToxicityImdbDocuments = null)
{
    /// <summary>4 layers × 128 dims × 4 heads, 256 positions, 8,192 tokens: 1.87 M parameters (sized for 2 cores).</summary>
    public const string Gpt2Small128 =
        """{"n_layer":4,"n_head":4,"n_embd":128,"n_positions":256,"vocab_size":8192,"layer_norm_epsilon":1e-5,"n_inner":null}""";

    /// <summary>IMDB-Gen: exactly the commands the IMDB assets were first built with by hand.</summary>
    public static PrepareRecipe Imdb { get; } = new("imdb", PrepareSource.Imdb, "imdb", 8192, Gpt2Small128,
        Pretrain: new(Seq: 256, Batch: 16, Steps: 1200, Lr: 6e-4, Warmup: 100, ValEvery: 300),
        Sft: new(Seq: 128, Batch: 16, Steps: 400, Lr: 3e-4, Warmup: 40, ValEvery: 200),
        Reward: new(Seq: 256, Batch: 16, Steps: 1500, Lr: 3e-4, Warmup: 100, ValEvery: 500, ValDocs: 2000));

    /// <summary>
    /// Jigsaw-Gen and RealToxicityPrompts-Gen (one set of assets): the IMDB model size; pretraining text = 4,000 IMDB
    /// reviews + the Jigsaw and RTP train sides; SFT on non-toxic comments; toxicity RM. Shorter than IMDB's (128-token
    /// windows, 600 steps ≈ 0.5 epoch) so it builds in ≈ 15 min of 2 free cores; comments are short, so 128 tokens
    /// cover most of them.
    /// </summary>
    public static PrepareRecipe Jigsaw { get; } = new("jigsaw", PrepareSource.Toxicity, "jigsaw", 8192, Gpt2Small128,
        Pretrain: new(Seq: 128, Batch: 16, Steps: 600, Lr: 6e-4, Warmup: 60, ValEvery: 200),
        Sft: new(Seq: 128, Batch: 16, Steps: 200, Lr: 3e-4, Warmup: 20, ValEvery: 100),
        Reward: new(Seq: 128, Batch: 16, Steps: 500, Lr: 3e-4, Warmup: 50, ValEvery: 250, ValDocs: 2000),
        ToxicityImdbDocuments: 4_000);

    /// <summary>Seconds-long recipe for tests and trying the pipeline out (IMDB-shaped data, 2 layers × 32 dims).</summary>
    public static PrepareRecipe Tiny { get; } = new("tiny", PrepareSource.Imdb, "imdb", 300,
        """{"n_layer":2,"n_head":2,"n_embd":32,"n_positions":64,"vocab_size":300}""",
        Pretrain: new(Seq: 32, Batch: 4, Steps: 4, Lr: 1e-3, Warmup: 1, ValEvery: 0),
        Sft: new(Seq: 32, Batch: 4, Steps: 2, Lr: 1e-3, Warmup: 1, ValEvery: 0),
        Reward: new(Seq: 32, Batch: 4, Steps: 3, Lr: 1e-3, Warmup: 1, ValEvery: 0));

    /// <summary>The recipe `prepare TASK` uses; rtp shares the jigsaw assets (same base, SFT and toxicity reward model).</summary>
    public static PrepareRecipe For(string task, string? recipe) => (recipe ?? task) switch
    {
        "imdb" => Imdb,
        "jigsaw" or "rtp" => Jigsaw,
        "tiny" => Tiny,
        var other => throw new PrepareException($"unknown recipe '{other}' (known: imdb, jigsaw, tiny)"),
    };
}
