using System.Globalization;
using System.Text;

namespace RaRlhf.Text.ByteLevel;

/// <summary>
/// GPT-2's pre-tokenization, <c>'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+</c>, as a
/// hand-written scanner (several times faster than the regex, and it works on code points as the Python, Rust and
/// JavaScript engines do, where .NET's Regex would see the two halves of a surrogate pair as non-letters).
/// </summary>
public static class Gpt2PreTokenizer
{
    /// <summary>The pattern this scanner implements (the tests compare the two on BMP text).</summary>
    public const string Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    private static readonly CharClass[] s_ascii = BuildAsciiTable();

    /// <summary>Splits <paramref name="text"/> into pieces; their concatenation is the text.</summary>
    public static List<string> Split(string text)
    {
        var pieces = new List<string>();
        for (var start = 0; start < text.Length;)
        {
            var length = NextPieceLength(text.AsSpan(start));
            pieces.Add(text.Substring(start, length));
            start += length;
        }

        return pieces;
    }

    /// <summary>The length in UTF-16 units of the piece that starts <paramref name="text"/> (which is not empty).</summary>
    public static int NextPieceLength(ReadOnlySpan<char> text)
    {
        var first = text[0];
        if (first == '\'' && text.Length > 1)
        {
            var contraction = ContractionLength(text);
            if (contraction > 0)
            {
                return contraction;
            }
        }

        var start = 0;
        var cls = ClassAt(text, 0, out _);
        if (first == ' ' && text.Length > 1)
        {
            var next = ClassAt(text, 1, out _);
            if (next != CharClass.Space)
            {
                start = 1;
                cls = next;
            }
        }

        if (cls != CharClass.Space)
        {
            var end = start;
            while (end < text.Length && ClassAt(text, end, out var width) == cls)
            {
                end += width;
            }

            return end;
        }

        // A whitespace run: all of it at the end of the text; before a non-space, all but its last character (which
        // then prefixes the next piece or stands alone), unless the run is a single character.
        var runEnd = 1;
        while (runEnd < text.Length && ClassAt(text, runEnd, out _) == CharClass.Space)
        {
            runEnd++; // every White_Space character is in the BMP
        }

        return runEnd == text.Length || runEnd == 1 ? runEnd : runEnd - 1;
    }

    /// <summary>The class of the code point at <paramref name="index"/> and its width in UTF-16 units.</summary>
    internal static CharClass ClassAt(ReadOnlySpan<char> text, int index, out int width)
    {
        var c = text[index];
        if (c < 128)
        {
            width = 1;
            return s_ascii[c];
        }

        if (!char.IsSurrogate(c))
        {
            width = 1;
            return Classify(char.GetUnicodeCategory(c), char.IsWhiteSpace(c));
        }

        if (Rune.DecodeFromUtf16(text[index..], out var rune, out width) != System.Buffers.OperationStatus.Done)
        {
            width = 1;
            return CharClass.Other; // a lone surrogate
        }

        return Classify(Rune.GetUnicodeCategory(rune), false);
    }

    private static int ContractionLength(ReadOnlySpan<char> text)
    {
        switch (text[1])
        {
            case 's' or 't' or 'm' or 'd':
                return 2;
            case 'r' or 'v' when text.Length > 2 && text[2] == 'e':
                return 3;
            case 'l' when text.Length > 2 && text[2] == 'l':
                return 3;
            default:
                return 0;
        }
    }

    private static CharClass Classify(UnicodeCategory category, bool isWhiteSpace) => category switch
    {
        _ when isWhiteSpace => CharClass.Space,
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => CharClass.Letter,
        UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber =>
            CharClass.Number,
        _ => CharClass.Other,
    };

    private static CharClass[] BuildAsciiTable()
    {
        var table = new CharClass[128];
        for (var c = 0; c < 128; c++)
        {
            table[c] = Classify(char.GetUnicodeCategory((char)c), char.IsWhiteSpace((char)c));
        }

        return table;
    }
}
