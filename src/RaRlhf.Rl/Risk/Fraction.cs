using System.Numerics;

namespace RaRlhf.Rl.Risk;

/// <summary>
/// An exact rational with a positive denominator, just enough for the risk schedules. Binary floating point
/// breaks ⌈·⌉: e.g. B = 100, M = 288, α = 0.4, n = 30, ρ = 0.95, m = 213 gives B·(1 − K(m − n)) =
/// 55.00000000000001 in doubles (→ 56) where the exact value is 55.
/// </summary>
internal readonly record struct Fraction(BigInteger Numerator, BigInteger Denominator)
{
    public static Fraction From(decimal value)
    {
        // decimal = ±mantissa(96 bits) / 10^scale, read exactly from its bits.
        var bits = decimal.GetBits(value);
        var mantissa = ((BigInteger)(uint)bits[2] << 64) | ((BigInteger)(uint)bits[1] << 32) | (uint)bits[0];
        var negative = (bits[3] & int.MinValue) != 0;
        return new Fraction(negative ? -mantissa : mantissa, BigInteger.Pow(10, value.Scale));
    }

    public static Fraction Integer(long value) => new(value, BigInteger.One);

    public static Fraction operator +(Fraction a, Fraction b) =>
        new(a.Numerator * b.Denominator + b.Numerator * a.Denominator, a.Denominator * b.Denominator);

    public static Fraction operator -(Fraction a, Fraction b) =>
        new(a.Numerator * b.Denominator - b.Numerator * a.Denominator, a.Denominator * b.Denominator);

    public static Fraction operator *(Fraction a, Fraction b) =>
        new(a.Numerator * b.Numerator, a.Denominator * b.Denominator);

    public static Fraction operator /(Fraction a, Fraction b) =>
        b.Numerator.Sign > 0
            ? new(a.Numerator * b.Denominator, a.Denominator * b.Numerator)
            : new(-a.Numerator * b.Denominator, -a.Denominator * b.Numerator);

    public static Fraction Max(Fraction a, Fraction b) =>
        a.Numerator * b.Denominator >= b.Numerator * a.Denominator ? a : b;

    /// <summary>The smallest integer ≥ this value, exactly.</summary>
    public BigInteger Ceiling()
    {
        var q = BigInteger.DivRem(Numerator, Denominator, out var r);
        return r.Sign > 0 ? q + 1 : q;
    }

    public double ToDouble() => (double)Numerator / (double)Denominator;
}
