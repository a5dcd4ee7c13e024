namespace RaRlhf.Rl;

/// <summary>GAE output, all (B, T): values·mask (the "old values" of the value loss), raw advantages, returns.</summary>
public sealed record GaeResult(TokenMatrix MaskedValues, TokenMatrix Advantages, TokenMatrix Returns);
