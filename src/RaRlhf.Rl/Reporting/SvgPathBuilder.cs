using System.Text;

namespace RaRlhf.Rl.Reporting;

/// <summary>
/// Builds an SVG path "d" from pixel points: M to start, L to continue. A non-finite point breaks the line
/// (the next finite point starts a new M), so a gap in the data is a visible gap, not a line to nowhere.
/// </summary>
public sealed class SvgPathBuilder
{
    private readonly StringBuilder _d = new();
    private bool _penDown;

    public int Points { get; private set; }

    public SvgPathBuilder Add(double x, double y)
    {
        if (!double.IsFinite(x) || !double.IsFinite(y))
        {
            _penDown = false;
            return this;
        }

        if (_d.Length > 0)
        {
            _d.Append(' ');
        }

        _d.Append(_penDown ? 'L' : 'M').Append(SvgNumber.Format(x)).Append(' ').Append(SvgNumber.Format(y));
        _penDown = true;
        Points++;
        return this;
    }

    public override string ToString() => _d.ToString();
}
