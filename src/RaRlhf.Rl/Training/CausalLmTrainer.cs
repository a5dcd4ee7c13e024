using System.Diagnostics;
using RaRlhf.Models;
using RaRlhf.Models.Training;
using RaRlhf.Tensors;
using RaRlhf.Tensors.Optim;

namespace RaRlhf.Rl.Training;

/// <summary>
/// Pretraining and SFT of a GPT-2: HF causal-LM loss (mean NLL of every unmasked next token, <see cref="LanguageModelLoss"/>),
/// shuffled epochs over an <see cref="LmCorpus"/>, gradient accumulation (micro-batch gradients averaged), global-norm
/// clipping, AdamW with warmup + cosine, periodic validation loss and atomic checkpoints, a progress callback per step.
/// </summary>
public sealed class CausalLmTrainer(Gpt2Model model, CausalLmSettings settings)
{
    private readonly LanguageModelLoss _loss = new();
    private readonly Adam _adam = new(model.Parameters.Length,
        new AdamSettings((float)settings.LearningRate, WeightDecay: (float)settings.WeightDecay, DecoupledWeightDecay: true));

    public Gpt2Model Model { get; } = model;

    public CausalLmSettings Settings { get; } = settings.Validate();

    public WarmupCosineSchedule Schedule => new(Settings.LearningRate, Settings.WarmupSteps, Settings.TotalSteps, Settings.MinLearningRate);

    /// <summary>Runs <see cref="CausalLmSettings.TotalSteps"/> optimizer steps; returns the progress of the last one.</summary>
    public TrainingProgress Train(LmCorpus train, LmCorpus? validation = null, string? checkpointRoot = null,
        Action<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        var clock = Stopwatch.StartNew();
        var rng = new SplitMix64(Settings.Seed);
        var batchesPerEpoch = (train.Count + Settings.BatchSize - 1) / Settings.BatchSize;
        int[] order = [];
        var cursor = batchesPerEpoch;
        TrainingProgress? last = null;
        for (var step = 0; step < Settings.TotalSteps; step++)
        {
            cancellation.ThrowIfCancellationRequested();
            var lr = Schedule.At(step);
            Model.ZeroGrad();
            double lossSum = 0;
            for (var k = 0; k < Settings.GradientAccumulationSteps; k++)
            {
                if (cursor == batchesPerEpoch)
                {
                    order = rng.Permutation(train.Count);
                    cursor = 0;
                }

                var batch = train.Batch(order, cursor++, Settings.BatchSize);
                lossSum += _loss.Forward(Model, batch.Ids, batch.Mask, batch.B, batch.T);
                _loss.Backward(Model);
            }

            Scale(Model.Gradients, 1f / Settings.GradientAccumulationSteps);
            var norm = Settings.MaxGradNorm is { } max
                ? RaRlhf.Rl.Ppo.GradientClipping.ClipGlobalNorm([Model.Gradients], max)
                : Math.Sqrt(Model.Gradients.Sum(g => (double)g * g));
            _adam.Settings = _adam.Settings with { LearningRate = (float)lr };
            _adam.Step(Model.Parameters, Model.Gradients);

            var done = step + 1;
            var isLast = done == Settings.TotalSteps;
            double? validationLoss = validation is not null && (isLast || (Settings.EvalEvery > 0 && done % Settings.EvalEvery == 0))
                ? Evaluate(validation)
                : null;
            string? checkpoint = checkpointRoot is not null && (isLast || (Settings.CheckpointEvery > 0 && done % Settings.CheckpointEvery == 0))
                ? CheckpointWriter.Write(Model, checkpointRoot, done)
                : null;
            last = new TrainingProgress(done, Settings.TotalSteps, lr, lossSum / Settings.GradientAccumulationSteps, norm,
                validationLoss, null, checkpoint, clock.Elapsed);
            progress?.Invoke(last);
        }

        return last!;
    }

    /// <summary>Token-weighted mean NLL over the corpus (exp of it is the perplexity), batches in corpus order.</summary>
    public double Evaluate(LmCorpus corpus)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        var order = Enumerable.Range(0, corpus.Count).ToArray();
        double sum = 0, tokens = 0;
        for (var k = 0; k * Settings.BatchSize < corpus.Count; k++)
        {
            var batch = corpus.Batch(order, k, Settings.BatchSize);
            var count = PredictedTokens(batch);
            sum += _loss.Forward(Model, batch.Ids, batch.Mask, batch.B, batch.T) * count;
            tokens += count;
        }

        return sum / tokens;
    }

    private static int PredictedTokens(LmBatch batch)
    {
        var n = 0;
        for (var b = 0; b < batch.B; b++)
        {
            for (var t = 1; t < batch.T; t++)
            {
                if (batch.Mask[b * batch.T + t] != 0f) n++;
            }
        }

        return n;
    }

    private static void Scale(float[] g, float s)
    {
        if (s != 1f) System.Numerics.Tensors.TensorPrimitives.Multiply(g, s, g);
    }
}
