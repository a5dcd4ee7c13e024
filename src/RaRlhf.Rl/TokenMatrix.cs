namespace RaRlhf.Rl;

/// <summary>
/// A (rows, cols) float matrix over one flat row-major buffer: rows are episodes (B), columns response tokens
/// (T_resp). Every per-token quantity of the PPO step (log-probs, values, masks, rewards, advantages) is one of
/// these, so the learner can hand over its own buffers without copying.
/// </summary>
public sealed class TokenMatrix
{
    public TokenMatrix(int rows, int cols)
        : this(rows, cols, new float[checked(rows * cols)])
    {
    }

    public TokenMatrix(int rows, int cols, float[] data)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length != rows * cols)
        {
            throw new ArgumentException($"buffer holds {data.Length} floats but ({rows}, {cols}) needs {rows * cols}", nameof(data));
        }

        Rows = rows;
        Cols = cols;
        Data = data;
    }

    public int Rows { get; }

    public int Cols { get; }

    /// <summary>Row-major storage, element (b, t) at b * Cols + t.</summary>
    public float[] Data { get; }

    public float this[int row, int col]
    {
        get => Data[row * Cols + col];
        set => Data[row * Cols + col] = value;
    }

    public Span<float> Row(int row) => Data.AsSpan(row * Cols, Cols);

    public TokenMatrix Clone() => new(Rows, Cols, (float[])Data.Clone());

    /// <summary>Builds a matrix from jagged rows of equal length (tests, small callers).</summary>
    public static TokenMatrix FromRows(IReadOnlyList<float[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var cols = rows.Count == 0 ? 0 : rows[0].Length;
        var m = new TokenMatrix(rows.Count, cols);
        for (var b = 0; b < rows.Count; b++)
        {
            if (rows[b].Length != cols)
            {
                throw new ArgumentException($"row {b} has {rows[b].Length} columns, row 0 has {cols}", nameof(rows));
            }

            rows[b].CopyTo(m.Row(b));
        }

        return m;
    }

    /// <summary>The rows listed in <paramref name="indices"/>, in that order (a mini-batch view copied out).</summary>
    public TokenMatrix SelectRows(ReadOnlySpan<int> indices)
    {
        var m = new TokenMatrix(indices.Length, Cols);
        for (var i = 0; i < indices.Length; i++)
        {
            Row(indices[i]).CopyTo(m.Row(i));
        }

        return m;
    }

    /// <summary>Throws unless <paramref name="other"/> has this matrix's shape; names both in the message.</summary>
    public void RequireSameShape(TokenMatrix other, string name, string otherName)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Rows != Rows || other.Cols != Cols)
        {
            throw new ArgumentException($"{otherName} is ({other.Rows}, {other.Cols}) but {name} is ({Rows}, {Cols}); they must match");
        }
    }
}
