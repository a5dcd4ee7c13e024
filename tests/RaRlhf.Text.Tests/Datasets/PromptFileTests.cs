using RaRlhf.Text.Datasets;

namespace RaRlhf.Text.Tests.Datasets;

public sealed class PromptFileTests
{
    [Fact]
    public void Load_CsvWithNamedColumn_ReturnsPromptsWithLineIds()
    {
        using var file = new TempFile("id,prompt\n7,\"The movie, frankly,\"\n8,\"It was\nlong\"\n9,Meh\n");
        var prompts = PromptFile.Load(file.Path, "prompt");
        Assert.Equal(["The movie, frankly,", "It was\nlong", "Meh"], prompts.Select(p => p.Text));
        Assert.Equal($"{Path.GetFileName(file.Path)}:5", prompts[2].Id); // physical line: row 8 spans lines 3-4
        Assert.Equal(["7", "8", "9"], PromptFile.Load(file.Path, "prompt", "id").Select(p => p.Id));
    }

    [Fact]
    public void Load_JsonlWithDottedColumn_ReadsNestedText()
    {
        using var file = new TempFile("{\"prompt\":{\"text\":\"Hello\"}}\n{\"prompt\":{\"text\":\"World\"}}\n", ".jsonl");
        var prompts = PromptFile.Load(file.Path, "prompt.text");
        Assert.Equal(["Hello", "World"], prompts.Select(p => p.Text));
        Assert.All(prompts, p => Assert.Null(p.Label));
    }

    [Fact]
    public void Load_CsvMissingColumn_ListsColumnsFound()
    {
        using var file = new TempFile("review,label\nx,1\n");
        var error = Assert.Throws<DatasetFormatException>(() => PromptFile.Load(file.Path, "text"));
        Assert.Contains("no column 'text'; the header has: review, label", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_JsonlMissingField_ListsFieldsOfThatLine()
    {
        using var file = new TempFile("{\"text\":\"ok\"}\n{\"body\":\"x\",\"id\":3}\n", ".jsonl");
        var error = Assert.Throws<DatasetFormatException>(() => PromptFile.Load(file.Path, "text"));
        Assert.Contains($"{file.Path}:2: no field 'text'; this line has: body, id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BlankPrompt_ThrowsWithLine()
    {
        using var file = new TempFile("text\nfine\n\"  \"\n");
        var error = Assert.Throws<DatasetFormatException>(() => PromptFile.Load(file.Path));
        Assert.Equal(3, error.Line);
    }

    [Theory]
    [InlineData(".txt", "unknown prompt file type '.txt'")]
    [InlineData(".csv", "the file holds no prompts")]
    public void Load_UnusableFile_SaysWhy(string extension, string problem)
    {
        using var file = new TempFile("text\n", extension);
        var error = Assert.Throws<DatasetFormatException>(() => PromptFile.Load(file.Path));
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_ThrowsNotFound() =>
        Assert.Throws<DatasetNotFoundException>(() => PromptFile.Load("/nonexistent/prompts.csv"));
}
