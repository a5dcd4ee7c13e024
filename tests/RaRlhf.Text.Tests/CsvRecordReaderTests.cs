using RaRlhf.Testing;
using RaRlhf.Text.Corpus;

namespace RaRlhf.Text.Tests;

public sealed class CsvRecordReaderTests
{
    private static List<string[]> ReadAll(string content)
    {
        using var reader = new CsvRecordReader(new StringReader(content), "test.csv");
        var records = new List<string[]>();
        while (reader.Read() is { } record)
        {
            records.Add(record);
        }

        return records;
    }

    [Fact]
    public void Read_QuotedMultilineFieldsAndDoubledQuotes_ParsesRecords()
    {
        var records = ReadAll("text,id\r\n\"say \"\"hi\"\",\nthen\r\nbye\",1\nplain,2\n,\n");
        Assert.Equal(4, records.Count);
        Assert.Equal(["say \"hi\",\nthen\r\nbye", "1"], records[1]);
        Assert.Equal(["plain", "2"], records[2]);
        Assert.Equal(["", ""], records[3]);
    }

    [Fact]
    public void Read_NoTrailingNewline_ReturnsLastRecord()
    {
        Assert.Equal([["a", "b"], ["c", "d"]], ReadAll("a,b\nc,d"));
    }

    [Theory]
    [InlineData("a,\"open\n", "line 1: quoted field never closed")]
    [InlineData("a,b\n\"x\"y,1\n", "line 2: unexpected 'y' after a closing quote")]
    [InlineData("a,b\nx\"y,1\n", "line 2: quote inside an unquoted field")]
    public void Read_MalformedCsv_ThrowsNamingFileAndLine(string content, string problem)
    {
        var e = Assert.Throws<InvalidDataException>(() => ReadAll(content));
        Assert.Contains("test.csv: " + problem, e.Message);
    }

    [Fact]
    public void ReadTexts_ImdbFiles_YieldsEveryReview()
    {
        Assert.Equal(25_000, CorpusReader.ReadTexts(TestData.Require("imdb/imdb_train.csv")).Count());
        Assert.Equal(50_000, CorpusReader.ReadTexts(TestData.Require("imdb/imdb_unsup.csv")).Count());
    }

    [Fact]
    public void ReadTexts_RecordWithWrongFieldCount_ThrowsNamingLine()
    {
        using var dir = new TempDirectory();
        var path = dir.File("c.csv", "text,label\n\"multi\nline\",1\nshort\n");
        var e = Assert.Throws<InvalidDataException>(() => CorpusReader.ReadTexts(path).ToList());
        Assert.Contains("line 4: 1 fields where the header has 2", e.Message);
    }
}
