using System.Diagnostics;
using RaRlhf.Models;
using RaRlhf.Models.Heads;
using RaRlhf.Rl.Ppo;
using RaRlhf.Tensors;
using RaRlhf.Tensors.Optim;

namespace RaRlhf.Rl.Training;

/// <summary>
/// Trains a GPT2ForSequenceClassification with L labels (L ≥ 2) by softmax cross-entropy over its logits (for IMDB
/// L = 2, the layout of the paper's classifier: class 1 = positive). The reward score of a text is the logit of
/// <see cref="ScoreLabel"/> (IMDB: the positive logit, as the paper). Validation accuracy = argmax logits == label.
/// </summary>
public sealed class RewardModelTrainer
{
    private readonly SequenceClassifier _classifier;
    private readonly Adam _adam;

    public RewardModelTrainer(Gpt2Model model, RewardModelSettings settings, int scoreLabel = 1)
    {
        ArgumentNullException.ThrowIfNull(model);
        _classifier = new SequenceClassifier(model);
        if (_classifier.NumLabels < 2 || scoreLabel < 0 || scoreLabel >= _classifier.NumLabels)
        {
            throw new ArgumentException($"the classifier needs ≥ 2 labels and a score label inside them (has {_classifier.NumLabels}, score label {scoreLabel})");
        }

        Settings = (settings ?? throw new ArgumentNullException(nameof(settings))).Validate();
        ScoreLabel = scoreLabel;
        _adam = new Adam(model.Parameters.Length,
            new AdamSettings((float)Settings.LearningRate, WeightDecay: (float)Settings.WeightDecay, DecoupledWeightDecay: true));
    }

    public RewardModelSettings Settings { get; }

    public int ScoreLabel { get; }

    public Gpt2Model Model => _classifier.Model;

    public TrainingProgress Train(IReadOnlyList<LabeledSequence> train, IReadOnlyList<LabeledSequence>? validation = null,
        Action<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        Check(train, "training");
        if (validation is not null) Check(validation, "validation");
        var schedule = new WarmupCosineSchedule(Settings.LearningRate, Settings.WarmupSteps, Settings.TotalSteps);
        var rng = new SplitMix64(Settings.Seed);
        var clock = Stopwatch.StartNew();
        int[] order = [];
        var cursor = 0;
        TrainingProgress? last = null;
        for (var step = 0; step < Settings.TotalSteps; step++)
        {
            cancellation.ThrowIfCancellationRequested();
            if (cursor + Settings.BatchSize > order.Length)
            {
                order = rng.Permutation(train.Count); // drop_last: every batch is full
                cursor = 0;
            }

            var rows = order.AsSpan(cursor, Math.Min(Settings.BatchSize, train.Count)).ToArray().Select(i => train[i]).ToList();
            cursor += Settings.BatchSize;
            var lr = schedule.At(step);
            Model.ZeroGrad();
            var batch = Pack(rows);
            var logits = _classifier.Forward(batch.Ids, batch.Mask, batch.B, batch.T);
            var loss = CrossEntropy(logits, rows, out var dLogits);
            _classifier.Backward(dLogits);
            var norm = Settings.MaxGradNorm is { } max
                ? GradientClipping.ClipGlobalNorm([Model.Gradients], max)
                : Math.Sqrt(Model.Gradients.Sum(g => (double)g * g));
            _adam.Settings = _adam.Settings with { LearningRate = (float)lr };
            _adam.Step(Model.Parameters, Model.Gradients);

            var done = step + 1;
            var evaluate = validation is not null && (done == Settings.TotalSteps || (Settings.EvalEvery > 0 && done % Settings.EvalEvery == 0));
            last = new TrainingProgress(done, Settings.TotalSteps, lr, loss, norm, null, evaluate ? Accuracy(validation!) : null, null, clock.Elapsed);
            progress?.Invoke(last);
        }

        return last!;
    }

    /// <summary>Reward scores: the <see cref="ScoreLabel"/> logit of each text.</summary>
    public float[] Scores(IReadOnlyList<int[]> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var scores = new List<float>(texts.Count);
        for (var start = 0; start < texts.Count; start += Settings.BatchSize)
        {
            var batch = Pack(texts.Skip(start).Take(Settings.BatchSize).Select(t => new LabeledSequence(t, 0)).ToList());
            scores.AddRange(_classifier.ForwardScores(batch.Ids, batch.Mask, batch.B, batch.T, ScoreLabel));
        }

        return scores.ToArray();
    }

    /// <summary>Fraction of texts whose arg-max logit is their label.</summary>
    public double Accuracy(IReadOnlyList<LabeledSequence> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var correct = 0;
        for (var start = 0; start < data.Count; start += Settings.BatchSize)
        {
            var rows = data.Skip(start).Take(Settings.BatchSize).ToList();
            var batch = Pack(rows);
            var logits = _classifier.Forward(batch.Ids, batch.Mask, batch.B, batch.T);
            var l = _classifier.NumLabels;
            for (var b = 0; b < rows.Count; b++)
            {
                var row = logits.AsSpan(b * l, l);
                if (System.Numerics.Tensors.TensorPrimitives.IndexOfMax(row) == rows[b].Label) correct++;
            }
        }

        return (double)correct / data.Count;
    }

    /// <summary>Mean softmax cross-entropy over the batch; dLogits = (softmax − onehot)/B.</summary>
    private double CrossEntropy(float[] logits, IReadOnlyList<LabeledSequence> rows, out float[] dLogits)
    {
        var l = _classifier.NumLabels;
        dLogits = new float[logits.Length];
        double loss = 0;
        for (var b = 0; b < rows.Count; b++)
        {
            var row = logits.AsSpan(b * l, l);
            var lse = LogitMath.LogSumExp(row);
            loss += lse - row[rows[b].Label];
            for (var k = 0; k < l; k++)
            {
                dLogits[b * l + k] = (float)((Math.Exp(row[k] - lse) - (k == rows[b].Label ? 1 : 0)) / rows.Count);
            }
        }

        return loss / rows.Count;
    }

    private LmBatch Pack(IReadOnlyList<LabeledSequence> rows)
    {
        var t = rows.Max(r => Math.Min(r.Ids.Length, Settings.MaxLength));
        var ids = new int[rows.Count * t];
        var mask = new float[ids.Length];
        for (var b = 0; b < rows.Count; b++)
        {
            var n = Math.Min(rows[b].Ids.Length, Settings.MaxLength);
            rows[b].Ids.AsSpan(0, n).CopyTo(ids.AsSpan(b * t));
            mask.AsSpan(b * t, n).Fill(1f);
        }

        return new LmBatch(ids, mask, rows.Count, t);
    }

    private void Check(IReadOnlyList<LabeledSequence> data, string what)
    {
        if (data.Count == 0) throw new ArgumentException($"the {what} set is empty");
        for (var i = 0; i < data.Count; i++)
        {
            if (data[i].Ids.Length == 0 || (uint)data[i].Label >= (uint)_classifier.NumLabels)
            {
                throw new ArgumentException($"{what} example {i}: needs ≥ 1 token and a label in [0, {_classifier.NumLabels}), has {data[i].Ids.Length} tokens, label {data[i].Label}");
            }
        }
    }
}
