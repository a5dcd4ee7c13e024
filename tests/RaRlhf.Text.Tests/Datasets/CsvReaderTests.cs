using RaRlhf.Text.Datasets;

namespace RaRlhf.Text.Tests.Datasets;

public sealed class CsvReaderTests
{
    [Fact]
    public void Read_QuotedFieldsWithCommasQuotesAndNewlines_ReturnsFieldsVerbatim()
    {
        const string csv = "text,label\n" +
                           "\"a, b\",1\n" +
                           "\"she said \"\"hi\"\"\",0\n" +
                           "\"line one\nline two\r\nline three\",1\n" +
                           "\"\",0\n" +
                           "plain,1\n";
        var rows = CsvTestFiles.ReadAll(csv);

        Assert.Equal(5, rows.Count);
        Assert.Equal(["a, b", "1"], rows[0]);
        Assert.Equal(["she said \"hi\"", "0"], rows[1]);
        Assert.Equal(["line one\nline two\r\nline three", "1"], rows[2]);
        Assert.Equal(["", "0"], rows[3]);
        Assert.Equal(["plain", "1"], rows[4]);
    }

    [Fact]
    public void Read_CrlfLfAndMissingFinalNewline_AllEndRecords()
    {
        var rows = CsvTestFiles.ReadAll("a,b\r\n1,2\n3,4\r\n5,6");
        Assert.Equal([["1", "2"], ["3", "4"], ["5", "6"]], rows);
    }

    [Fact]
    public void Read_EmptyFieldsAndTrailingComma_AreEmptyStrings()
    {
        var rows = CsvTestFiles.ReadAll("a,b,c\n,,\n1,,\n,\"\",3\n");
        Assert.Equal([["", "", ""], ["1", "", ""], ["", "", "3"]], rows);
    }

    [Fact]
    public void LineNumber_RecordAfterMultilineField_IsPhysicalStartLine()
    {
        using var csv = CsvReader.FromString("text,id\n\"one\ntwo\nthree\",1\nnext,2\n\"a\r\nb\",3\n");
        var starts = new List<long>();
        while (csv.Read())
        {
            starts.Add(csv.LineNumber);
        }

        Assert.Equal([2L, 5L, 6L], starts);
    }

    [Fact]
    public void ColumnIndex_ByName_FindsColumnsInAnyOrder()
    {
        using var csv = CsvReader.FromString("id,label,text\n7,1,hello\n");
        Assert.True(csv.Read());
        Assert.Equal("hello", csv.GetString(csv.ColumnIndex("text")));
        Assert.Equal(7, csv.GetInt32(csv.ColumnIndex("id")));
        Assert.True(csv.HasColumn("label"));
        Assert.False(csv.HasColumn("Label"));
    }

    [Fact]
    public void Open_Utf8WithBom_SkipsBomAndKeepsUnicode()
    {
        using var file = new TempFile("\uFEFFtext,n\n\"héllo 😀, ok\",1\n");
        using var csv = CsvReader.Open(file.Path);
        Assert.Equal(["text", "n"], csv.Header);
        Assert.True(csv.Read());
        Assert.Equal("héllo 😀, ok", csv.GetString(0));
        Assert.False(csv.Read());
        Assert.Equal(1, csv.RecordCount);
    }

    [Fact]
    public void Read_HeaderOnly_HasNoRecords()
    {
        using var csv = CsvReader.FromString("text,label\n");
        Assert.False(csv.Read());
        Assert.Equal(0, csv.RecordCount);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(64)]
    public void Read_RandomRecordsThroughTinyBuffers_RoundTripsWhatWasWritten(int chunk)
    {
        var (text, expected) = RandomCsv(seed: 1234 + (ulong)chunk, records: 300);
        using var csv = new CsvReader(new ChunkedTextReader(text, chunk), "random.csv");
        var rows = CsvTestFiles.ReadAll(csv);

        Assert.Equal(expected.Count, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(expected[i], rows[i]);
        }
    }

    [Fact]
    public void Read_FieldLongerThanBuffer_IsReadWhole()
    {
        var big = string.Concat(Enumerable.Repeat("ab\"\"c,\n", 40_000)); // 280k chars, escaped quotes throughout
        var rows = CsvTestFiles.ReadAll($"text,n\n\"{big}\",1\nunquoted{new string('x', 200_000)},2\n");
        Assert.Equal(big.Replace("\"\"", "\""), rows[0][0]);
        Assert.Equal(200_008, rows[1][0].Length);
    }

    /// <summary>
    /// Records drawn from an alphabet full of CSV hazards, written the way a conforming writer would (quote when
    /// needed, and sometimes when not), with random CRLF/LF endings: the ground truth is the records themselves.
    /// </summary>
    private static (string Text, List<string[]> Records) RandomCsv(ulong seed, int records)
    {
        string[] pieces = ["a", "Z", " ", ",", "\"", "\n", "\r\n", "é", "😀", "<br />", "x y", "\r"];
        var state = seed;
        ulong Next() => StableHash.Mix64(state++);
        var writer = new System.Text.StringBuilder("c0,c1,c2\n");
        var expected = new List<string[]>();
        for (var r = 0; r < records; r++)
        {
            var row = new string[3];
            for (var f = 0; f < 3; f++)
            {
                var length = (int)(Next() % 12);
                row[f] = string.Concat(Enumerable.Range(0, length).Select(_ => pieces[Next() % (ulong)pieces.Length]));
                var mustQuote = row[f].AsSpan().IndexOfAny(",\"\r\n") >= 0;
                var quote = mustQuote || Next() % 4 == 0;
                writer.Append(quote ? "\"" + row[f].Replace("\"", "\"\"") + "\"" : row[f]);
                writer.Append(f < 2 ? "," : Next() % 2 == 0 ? "\r\n" : "\n");
            }

            expected.Add(row);
        }

        return (writer.ToString(), expected);
    }
}
