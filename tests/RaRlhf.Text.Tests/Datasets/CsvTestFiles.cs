using RaRlhf.Text.Datasets;

namespace RaRlhf.Text.Tests.Datasets;

/// <summary>Helpers shared by the CSV tests: read every record as strings.</summary>
internal static class CsvTestFiles
{
    public static List<string[]> ReadAll(CsvReader csv)
    {
        var rows = new List<string[]>();
        while (csv.Read())
        {
            rows.Add(Enumerable.Range(0, csv.FieldCount).Select(csv.GetString).ToArray());
        }

        return rows;
    }

    public static List<string[]> ReadAll(string csv) => ReadAll(CsvReader.FromString(csv));
}
