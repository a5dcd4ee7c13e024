namespace RaRlhf.Rl;

/// <summary>First and last non-masked token of an episode; an all-zero row is an error that names the row.</summary>
public static class MaskIndex
{
    public static int First(TokenMatrix mask, int row)
    {
        var r = mask.Row(row);
        for (var t = 0; t < r.Length; t++)
        {
            if (r[t] != 0)
            {
                return t;
            }
        }

        throw EmptyRow(row);
    }

    public static int Last(TokenMatrix mask, int row)
    {
        var r = mask.Row(row);
        for (var t = r.Length - 1; t >= 0; t--)
        {
            if (r[t] != 0)
            {
                return t;
            }
        }

        throw EmptyRow(row);
    }

    private static ArgumentException EmptyRow(int row) =>
        new($"episode {row} has no response token in its mask (all zeros); every episode needs at least one");
}
