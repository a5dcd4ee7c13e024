using RaRlhf.Models;
using RaRlhf.Rl.Training;
using RaRlhf.Text;

namespace RaRlhf.Cli.Training;

/// <summary>Pretraining / SFT: encode, build the corpus, train with <see cref="CausalLmTrainer"/>, save the model directory.</summary>
internal static class LmRun
{
    public static TrainingProgress Run(Gpt2Model model, ByteLevelBpeTokenizer tokenizer, TrainingTexts texts, LmRunSettings settings,
        string outDirectory, Action<string> log)
    {
        settings.Validate(model.Config.NPositions);
        var eos = tokenizer.EosId;
        var train = Corpus(tokenizer, texts.Train, settings, eos, "training");
        var validation = Corpus(tokenizer, texts.Validation, settings, eos, "validation");
        var tokensPerStep = (double)train.Examples.Sum(e => e.Length) / train.Count * Math.Min(settings.BatchSize, train.Count);
        log($"train {texts.Train.Count} documents → {train.Count} examples; validation {texts.Validation.Count} documents → {validation.Count} examples; " +
            $"{model.Parameters.Length:N0} parameters");
        var trainer = new CausalLmTrainer(model, new CausalLmSettings
        {
            LearningRate = settings.LearningRate,
            WarmupSteps = settings.WarmupSteps,
            TotalSteps = settings.Steps,
            BatchSize = settings.BatchSize,
            EvalEvery = settings.EvalEvery,
            Seed = settings.Seed,
        });
        var last = trainer.Train(train, validation, progress: p => log(ProgressLine.Format(p, tokensPerStep)));
        ModelDirectoryWriter.Write(model, tokenizer, outDirectory);
        log($"saved {Path.GetFullPath(outDirectory)}");
        return last;
    }

    internal static LmCorpus Corpus(ByteLevelBpeTokenizer tokenizer, IReadOnlyList<string> texts, LmRunSettings s, int? eos, string what)
    {
        var docs = DocumentEncoder.Encode(tokenizer, texts, s.Packed ? null : s.SequenceLength);
        var tokens = docs.Sum(d => (long)d.Length);
        if (s.Packed && tokens + docs.Count < s.SequenceLength || !s.Packed && docs.All(d => d.Length < 2))
        {
            throw new TrainingInputException($"the {what} text has {tokens} tokens in {docs.Count} documents: too little for one example of --seq {s.SequenceLength}; add text or lower --seq");
        }

        return s.Packed ? LmCorpus.Packed(docs, s.SequenceLength, eos) : LmCorpus.Padded(docs, s.SequenceLength);
    }
}
