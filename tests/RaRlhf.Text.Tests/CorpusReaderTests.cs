using RaRlhf.Testing;
using RaRlhf.Text.Corpus;
using RaRlhf.Text.Datasets;

namespace RaRlhf.Text.Tests;

/// <summary>CorpusReader's CSV path (the CSV parsing itself is tested on <see cref="CsvReader"/>).</summary>
public sealed class CorpusReaderTests
{
    [Fact]
    public void ReadTexts_ImdbFiles_YieldsEveryReview()
    {
        Assert.Equal(25_000, CorpusReader.ReadTexts(TestData.Require("imdb/imdb_train.csv")).Count());
        Assert.Equal(50_000, CorpusReader.ReadTexts(TestData.Require("imdb/imdb_unsup.csv")).Count());
    }

    [Fact]
    public void ReadTexts_QuotedMultilineField_YieldsItVerbatim()
    {
        using var dir = new TempDirectory();
        var path = dir.File("c.csv", "text,id\r\n\"say \"\"hi\"\",\nthen\r\nbye\",1\nplain,2\n,3\n");
        Assert.Equal(["say \"hi\",\nthen\r\nbye", "plain", ""], CorpusReader.ReadTexts(path).ToList());
    }

    [Fact]
    public void ReadTexts_RecordWithWrongFieldCount_ThrowsNamingLine()
    {
        using var dir = new TempDirectory();
        var path = dir.File("c.csv", "text,label\n\"multi\nline\",1\nshort\n");
        var e = Assert.Throws<DatasetFormatException>(() => CorpusReader.ReadTexts(path).ToList());
        Assert.Contains("c.csv:4: 1 fields where the header has 2", e.Message);
    }

    [Fact]
    public void ReadTexts_MissingColumn_ThrowsListingHeader()
    {
        using var dir = new TempDirectory();
        var path = dir.File("c.csv", "review,label\nok,1\n");
        var e = Assert.Throws<DatasetFormatException>(() => CorpusReader.ReadTexts(path).ToList());
        Assert.Contains("no column 'text'; the header has: review, label", e.Message);
    }
}
