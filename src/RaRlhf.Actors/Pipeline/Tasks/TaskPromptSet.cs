namespace RaRlhf.Actors.Pipeline.Tasks;

/// <summary>A task's training prompts as token ids (each cut to the first n tokens) and where they came from.</summary>
/// <param name="Description">For the start line, e.g. "imdb: 20,123 train-split reviews > 200 chars from DIR/imdb/imdb_train.csv, first 64 tokens".</param>
public sealed record TaskPromptSet(string Task, IReadOnlyList<int[]> Prompts, string Description);
