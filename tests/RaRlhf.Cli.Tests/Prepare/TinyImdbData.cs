using System.Globalization;

namespace RaRlhf.Cli.Tests.Prepare;

/// <summary>
/// A data directory with IMDB-shaped files made of generated sentences (no dataset text): imdb_train.csv with 40
/// positive and 40 negative reviews (text,label,rating,id) and imdb_unsup.csv with 40 mixed ones (text,id).
/// </summary>
internal static class TinyImdbData
{
    private static readonly string[] Good = ["wonderful", "great", "moving", "brilliant", "funny"];
    private static readonly string[] Bad = ["boring", "awful", "dull", "terrible", "silly"];
    private static readonly string[] Things = ["the acting", "the story", "the music", "the ending", "the cast"];

    public static string Create()
    {
        var root = Path.Combine(Path.GetTempPath(), "rarlhf-prepare-data-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "imdb"));
        var train = new List<string> { "text,label,rating,id" };
        for (var i = 0; i < 80; i++)
        {
            var positive = i % 2 == 0;
            var rating = positive ? 7 + i % 4 : 1 + i % 4;
            train.Add(string.Create(CultureInfo.InvariantCulture, $"{Review(i, positive)},{(positive ? 1 : 0)},{rating},{i}"));
        }

        var unsup = new List<string> { "text,id" };
        for (var i = 0; i < 40; i++) unsup.Add(string.Create(CultureInfo.InvariantCulture, $"{Review(i + 100, i % 3 == 0)},{i}"));
        File.WriteAllLines(Path.Combine(root, "imdb", "imdb_train.csv"), train);
        File.WriteAllLines(Path.Combine(root, "imdb", "imdb_unsup.csv"), unsup);
        return root;
    }

    private static string Review(int i, bool positive)
    {
        var words = positive ? Good : Bad;
        return $"I watched this film. {Things[i % 5]} was {words[i % 5]} and {Things[(i / 5) % 5]} was {words[(i / 3) % 5]}. " +
               $"Overall it is a {words[(i / 7) % 5]} movie number {i}.";
    }
}
