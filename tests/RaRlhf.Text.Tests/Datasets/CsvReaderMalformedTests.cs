using RaRlhf.Text.Datasets;

namespace RaRlhf.Text.Tests.Datasets;

public sealed class CsvReaderMalformedTests
{
    [Theory]
    [InlineData("text,label\nok,1\n\"never closed,0\nmore,1\n", 3, "unterminated quoted field")]
    [InlineData("text,label\nok,1\nok,1,extra\n", 3, "3 fields where the header has 2")]
    [InlineData("text,label\nok,1\n\"multi\nline\",1\nshort\n", 5, "1 fields where the header has 2")]
    [InlineData("text,label\nsay \"hi\",1\n", 2, "stray quote inside unquoted field 1")]
    [InlineData("text,label\nok,1\n1,a\"b\n", 3, "stray quote inside unquoted field 2")]
    [InlineData("text,label\n\"closed\"junk,1\n", 2, "unexpected 'j' after the closing quote of field 1")]
    [InlineData("text,label\nok,1\n\nok,0\n", 3, "blank line")]
    [InlineData("text,label\nok,1\rok,0\n", 2, "carriage return not followed by a line feed")]
    [InlineData("text,text\nok,1\n", 1, "column 'text' appears twice")]
    public void Read_MalformedInput_ThrowsWithFileLineAndProblem(string csv, long line, string problem)
    {
        using var file = new TempFile(csv);
        var error = Assert.Throws<DatasetFormatException>(() =>
        {
            using var reader = CsvReader.Open(file.Path);
            CsvTestFiles.ReadAll(reader);
        });

        Assert.Equal(file.Path, error.File);
        Assert.Equal(line, error.Line);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
        Assert.StartsWith($"{file.Path}:{line}: ", error.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(error.Remedy));
    }

    [Fact]
    public void Open_EmptyFile_ThrowsNoHeader()
    {
        using var file = new TempFile("");
        var error = Assert.Throws<DatasetFormatException>(() => CsvReader.Open(file.Path).Dispose());
        Assert.Contains("no header row", error.Message, StringComparison.Ordinal);
        Assert.Contains(file.Path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_InvalidUtf8_ThrowsInsteadOfReplacing()
    {
        using var file = new TempFile([.. "text,n\nok,1\n"u8, 0xC3, 0x28, .. ",2\n"u8]);
        var error = Assert.Throws<DatasetFormatException>(() =>
        {
            using var reader = CsvReader.Open(file.Path);
            CsvTestFiles.ReadAll(reader);
        });
        Assert.Contains("invalid UTF-8", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ColumnIndex_MissingColumn_ListsColumnsFound()
    {
        using var csv = CsvReader.FromString("comment_text,toxic\nx,1\n", "jigsaw.csv");
        var error = Assert.Throws<DatasetFormatException>(() => csv.ColumnIndex("text"));
        Assert.Contains("jigsaw.csv:1: no column 'text'; the header has: comment_text, toxic", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetInt32_NotANumber_NamesColumnAndLine()
    {
        using var csv = CsvReader.FromString("text,label\nok,1\nok,pos\n", "t.csv");
        csv.Read();
        csv.Read();
        var error = Assert.Throws<DatasetFormatException>(() => csv.GetInt32(1));
        Assert.Contains("t.csv:3: column 'label' holds 'pos' where an integer is expected", error.Message, StringComparison.Ordinal);
    }
}
