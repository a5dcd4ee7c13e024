using System.Text;

namespace RaRlhf.Text.Tests;

/// <summary>Seeded random strings of valid Unicode scalar values, weighted towards the interesting ranges.</summary>
internal static class RandomText
{
    public static string Next(Random random, int maxLength)
    {
        var text = new StringBuilder();
        var length = random.Next(0, maxLength + 1);
        for (var i = 0; i < length; i++)
        {
            text.Append(new Rune(NextScalar(random)).ToString());
        }

        return text.ToString();
    }

    private static int NextScalar(Random random)
    {
        while (true)
        {
            var value = random.Next(8) switch
            {
                0 or 1 => random.Next(0x20, 0x7F),          // ASCII printable
                2 => " \t\r\n'"[random.Next(5)],            // whitespace and apostrophes
                3 => random.Next(0x80, 0x800),              // two-byte UTF-8
                4 => random.Next(0x800, 0x10000),           // three-byte UTF-8 (CJK, marks, ZWJ, BOM...)
                5 => random.Next(0x1F300, 0x1FAFF),         // emoji
                6 => random.Next(0x10000, 0x110000),        // any astral plane
                _ => random.Next(0, 0x20),                  // control characters
            };
            if (value is < 0xD800 or > 0xDFFF)
            {
                return value;
            }
        }
    }
}
