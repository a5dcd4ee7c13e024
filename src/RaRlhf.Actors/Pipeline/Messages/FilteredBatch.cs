using RaRlhf.Rl.Risk;

namespace RaRlhf.Actors.Pipeline.Messages;

/// <summary>
/// The CvarFilter's answer to <see cref="EvaluatedBatch"/>: which episodes of iteration m are kept (ties at the
/// threshold kept), the value at risk and the kept/all mean returns, as <see cref="CvarSelection"/>.
/// </summary>
public sealed record FilteredBatch(int Iteration, CvarSelection Selection);
