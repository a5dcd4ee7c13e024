using System.Globalization;

namespace RaRlhf.Actors.Configuration;

/// <summary>HOCON durations (<c>10s</c>, <c>500 ms</c>, <c>2 minutes</c>) and sizes (<c>64MiB</c>, <c>1k</c>).</summary>
public static class HoconUnits
{
    private static readonly (string[] Names, double Ticks)[] DurationUnits =
    [
        (["ns", "nano", "nanos", "nanosecond", "nanoseconds"], 0.01),
        (["us", "micro", "micros", "microsecond", "microseconds"], 10),
        (["ms", "milli", "millis", "millisecond", "milliseconds"], TimeSpan.TicksPerMillisecond),
        (["s", "second", "seconds"], TimeSpan.TicksPerSecond),
        (["m", "minute", "minutes"], TimeSpan.TicksPerMinute),
        (["h", "hour", "hours"], TimeSpan.TicksPerHour),
        (["d", "day", "days"], TimeSpan.TicksPerDay),
    ];

    private static readonly (string[] Names, double Bytes)[] SizeUnits =
    [
        (["B", "b", "byte", "bytes"], 1),
        (["kB", "KB", "kilobyte", "kilobytes"], 1e3),
        (["MB", "megabyte", "megabytes"], 1e6),
        (["GB", "gigabyte", "gigabytes"], 1e9),
        (["TB", "terabyte", "terabytes"], 1e12),
        (["K", "k", "Ki", "KiB", "kibibyte", "kibibytes"], 1L << 10),
        (["M", "m", "Mi", "MiB", "mebibyte", "mebibytes"], 1L << 20),
        (["G", "g", "Gi", "GiB", "gibibyte", "gibibytes"], 1L << 30),
        (["T", "t", "Ti", "TiB", "tebibyte", "tebibytes"], 1L << 40),
    ];

    /// <summary>A duration; a bare number means milliseconds (as in HOCON). False when the text is not a duration.</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        if (!TrySplit(text, out var number, out var unit))
        {
            return false;
        }

        var ticks = unit.Length == 0 ? TimeSpan.TicksPerMillisecond : DurationUnits.FirstOrDefault(u => u.Names.Contains(unit)).Ticks;
        if (ticks == 0 || number < 0)
        {
            return false;
        }

        duration = TimeSpan.FromTicks((long)Math.Round(number * ticks));
        return true;
    }

    /// <summary>A size in bytes; a bare number means bytes. Single letters (k, M, G) are powers of 1024, as in HOCON.</summary>
    public static bool TryParseBytes(string text, out long bytes)
    {
        bytes = 0;
        if (!TrySplit(text, out var number, out var unit))
        {
            return false;
        }

        var factor = unit.Length == 0 ? 1 : SizeUnits.FirstOrDefault(u => u.Names.Contains(unit)).Bytes;
        var value = number * factor;
        if (factor == 0 || number < 0 || value > long.MaxValue || value != Math.Floor(value))
        {
            return false;
        }

        bytes = (long)value;
        return true;
    }

    private static bool TrySplit(string text, out double number, out string unit)
    {
        var trimmed = text.Trim();
        var end = 0;
        while (end < trimmed.Length && (char.IsDigit(trimmed[end]) || trimmed[end] is '.' or '-' or '+' ||
                                        trimmed[end] is 'e' or 'E' && end > 0 && end + 1 < trimmed.Length && (char.IsDigit(trimmed[end + 1]) || trimmed[end + 1] is '-' or '+')))
        {
            end++;
        }

        unit = trimmed[end..].Trim();
        return double.TryParse(trimmed[..end], NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }
}
