namespace RaRlhf.Text.ByteLevel;

/// <summary>The four classes GPT-2's pre-tokenization pattern distinguishes.</summary>
internal enum CharClass : byte
{
    /// <summary><c>\p{L}</c>: Lu, Ll, Lt, Lm, Lo.</summary>
    Letter,

    /// <summary><c>\p{N}</c>: Nd, Nl, No.</summary>
    Number,

    /// <summary><c>\s</c>: the Unicode White_Space property (same set as .NET's <c>\s</c> and Python's).</summary>
    Space,

    /// <summary><c>[^\s\p{L}\p{N}]</c>: everything else, lone surrogates included.</summary>
    Other,
}
