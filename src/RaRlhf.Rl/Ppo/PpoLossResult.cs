namespace RaRlhf.Rl.Ppo;

/// <summary>
/// One mini-batch's loss and its analytic gradients, (b, T_resp) like the inputs: dLoss/dLogProbs and
/// dLoss/dValues, already multiplied by the loss scale (1/gradient_accumulation_steps); the losses are unscaled. Backpropagate them through
/// the model. <see cref="Skipped"/>: mean ratio above ratio_threshold, loss and gradients zero (TRL).
/// <see cref="Empty"/>: the CVaR filter left no token in this mini-batch, loss and gradients zero (TRL would
/// produce NaN here); statistics are then NaN.
/// </summary>
public sealed record PpoLossResult(
    double Loss,
    double PolicyLoss,
    double ValueLoss,
    bool Skipped,
    bool Empty,
    TokenMatrix GradLogProbs,
    TokenMatrix GradValues,
    PpoLossStatistics Statistics);
