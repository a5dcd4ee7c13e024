using System.Security.Cryptography;
using RaRlhf.Cli.Training;
using RaRlhf.Models;
using RaRlhf.Text;

namespace RaRlhf.Cli.Jobs;

/// <summary>
/// The tokenizer, the starting policy (with a value head) and the frozen reference of a run, checked against each
/// other: one vocabulary everywhere, prompt + response within n_positions. Missing or mismatched files throw
/// <see cref="TrainingInputException"/> naming the config key, the path and what to do.
/// </summary>
internal sealed record TrainAssets(ByteLevelBpeTokenizer Tokenizer, Gpt2Model Policy, Gpt2Model Reference, string Fingerprint)
{
    private const string Build = "build the IMDB assets with `./rarlhf prepare imdb`";

    /// <param name="headSeed">Seeds the value head when the policy checkpoint has none (U(±1/√C) as torch nn.Linear, like TRL).</param>
    public static TrainAssets Load(string tokenizerPath, string policyDir, string referenceDir, ulong headSeed)
    {
        var tokenizerFile = Directory.Exists(tokenizerPath) ? Path.Combine(tokenizerPath, "tokenizer.json") : tokenizerPath;
        if (!File.Exists(tokenizerFile))
        {
            throw new TrainingInputException(
                $"config key 'model.tokenizer' = {Path.GetFullPath(tokenizerPath)}: no tokenizer.json there; {Build}, or set model.tokenizer to a tokenizer.json or its directory");
        }

        var tokenizer = ByteLevelBpeTokenizer.Load(tokenizerPath);
        var policy = Gpt2Checkpoint.Load(RequireModel("model.policy", policyDir), Gpt2Heads.Value, headSeed: headSeed);
        var reference = Gpt2Checkpoint.Load(RequireModel("model.reference", referenceDir));
        if (tokenizer.VocabSize != policy.Config.VocabSize)
        {
            throw new TrainingInputException(
                $"tokenizer {tokenizerFile} has {tokenizer.VocabSize} tokens but the policy {Path.GetFullPath(policyDir)} has vocab_size {policy.Config.VocabSize}; " +
                "set model.tokenizer to the tokenizer the policy was trained with (its directory usually holds one)");
        }

        if (reference.Config.VocabSize != policy.Config.VocabSize)
        {
            throw new TrainingInputException(
                $"the reference {Path.GetFullPath(referenceDir)} has vocab_size {reference.Config.VocabSize} but the policy has {policy.Config.VocabSize}; " +
                "model.reference must be the policy's starting checkpoint (or one with its vocabulary)");
        }

        var fingerprint = $"tokenizer={Sha(tokenizerFile)} policy={Sha(Path.Combine(policyDir, Gpt2Checkpoint.WeightsFile))} " +
                          $"reference={Sha(Path.Combine(referenceDir, Gpt2Checkpoint.WeightsFile))}";
        return new TrainAssets(tokenizer, policy, reference, fingerprint);
    }

    /// <summary>Checks prompt_tokens + gen_len fit the smaller context of the two models.</summary>
    public void RequireContext(int promptTokens, int genLen)
    {
        var context = Math.Min(Policy.Config.NPositions, Reference.Config.NPositions);
        if (promptTokens + genLen > context)
        {
            throw new TrainingInputException(
                $"generation.prompt_tokens {promptTokens} + generation.gen_len {genLen} = {promptTokens + genLen} tokens exceed the models' n_positions {context}; lower one of them");
        }
    }

    private static string RequireModel(string key, string directory)
    {
        if (!File.Exists(Path.Combine(directory, Gpt2Checkpoint.ConfigFile)))
        {
            throw new TrainingInputException(
                $"config key '{key}' = {Path.GetFullPath(directory)}: not a model directory (no {Gpt2Checkpoint.ConfigFile}); {Build}, or set {key}");
        }

        return directory;
    }

    private static string Sha(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream))[..16];
    }
}
