using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RaRlhf.Testing;
using RaRlhf.Text.Datasets;
using Xunit.Abstractions;

namespace RaRlhf.Text.Tests.Datasets;

/// <summary>The reader against Python's csv module (strict mode): same header, record count and every field byte.</summary>
public sealed class CsvReferenceTests(ITestOutputHelper output)
{
    public static readonly string[] RealFiles =
    [
        ImdbDataset.TrainFile, ImdbDataset.UnsupFile, JigsawDataset.BinaryFile, JigsawDataset.MultilabelFile,
    ];

    private static readonly string[] TrickyInputs =
    [
        "text,label\n\"a, b\",1\n\"she said \"\"hi\"\"\",0\n\"line one\nline two\r\nline three\",1\n\"\",0\nplain,1\n",
        "a,b\r\n1,2\n3,4\r\n5,6",
        "a,b,c\n,,\n1,,\n,\"\",3\n",
        "\uFEFFtext,n\n\"héllo 😀, ok\",1\n\"\"\"\"\"\",2\n\"ends with quote\"\"\",3\n",
    ];

    [RequiresPythonFact]
    public void ReadAll_RealCsvFiles_MatchPythonCsvModule()
    {
        var paths = RealFiles.Select(TestData.Require).ToArray();
        var reference = PythonReference.Run("csv_digest.py", paths).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(paths.Length, reference.Length);
        for (var i = 0; i < paths.Length; i++)
        {
            AssertSameAsPython(paths[i], reference[i]);
        }
    }

    [RequiresPythonFact]
    public void ReadAll_TrickyStrings_MatchPythonCsvModule()
    {
        var files = TrickyInputs.Select(text => new TempFile(text)).ToArray();
        try
        {
            var reference = PythonReference.Run("csv_digest.py", files.Select(f => f.Path).ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i < files.Length; i++)
            {
                AssertSameAsPython(files[i].Path, reference[i]);
            }
        }
        finally
        {
            foreach (var file in files)
            {
                file.Dispose();
            }
        }
    }

    private void AssertSameAsPython(string path, string referenceLine)
    {
        using var json = JsonDocument.Parse(referenceLine);
        var python = json.RootElement;
        using var csv = CsvReader.Open(path);
        var (rows, sha256) = Digest(csv);
        output.WriteLine($"{Path.GetFileName(path)}: C# {rows} rows {sha256[..16]}…, python {python.GetProperty("rows").GetInt64()} rows {python.GetProperty("sha256").GetString()![..16]}…");
        Assert.Equal(python.GetProperty("header").EnumerateArray().Select(e => e.GetString()), csv.Header);
        Assert.Equal(python.GetProperty("rows").GetInt64(), rows);
        Assert.Equal(python.GetProperty("sha256").GetString(), sha256);
    }

    /// <summary>The digest csv_digest.py computes: per field UTF-8 bytes + 0x1F, per record 0x1E.</summary>
    private static (long Rows, string Sha256) Digest(CsvReader csv)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var bytes = new byte[1 << 16];
        while (csv.Read())
        {
            for (var i = 0; i < csv.FieldCount; i++)
            {
                var field = csv.GetSpan(i);
                var needed = Encoding.UTF8.GetMaxByteCount(field.Length);
                if (needed > bytes.Length)
                {
                    bytes = new byte[needed];
                }

                hash.AppendData(bytes, 0, Encoding.UTF8.GetBytes(field, bytes));
                hash.AppendData([0x1F]);
            }

            hash.AppendData([0x1E]);
        }

        return (csv.RecordCount, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}
