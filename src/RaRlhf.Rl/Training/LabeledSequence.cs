namespace RaRlhf.Rl.Training;

/// <summary>A tokenized text with its class (IMDB: 0 = negative, 1 = positive).</summary>
public sealed record LabeledSequence(int[] Ids, int Label);
