using Serilog;

namespace RaRlhf.Actors.Pipeline.Rewards;

/// <summary>
/// What a scorer needs from its host besides its own settings: <paramref name="Decode"/> (token ids → text, the
/// policy's tokenizer), <paramref name="BaseDirectory"/> (where relative paths in the scorer section resolve: the
/// current directory for the CLI) and the run's <paramref name="Logger"/>.
/// </summary>
public sealed record RewardContext(Func<int[], string> Decode, string BaseDirectory, ILogger Logger);
