using RaRlhf.Testing;
using RaRlhf.Text.Corpus;

namespace RaRlhf.Text.Tests;

/// <summary>Real review texts read from the shared data folder at test time (never committed).</summary>
internal static class ImdbSample
{
    /// <summary>Every <paramref name="stride"/>-th review of train and unsup, up to <paramref name="count"/>.</summary>
    public static List<string> Texts(int count, int stride)
    {
        var texts = new List<string>(count);
        foreach (var file in new[] { "imdb/imdb_train.csv", "imdb/imdb_unsup.csv" })
        {
            var index = 0;
            foreach (var text in CorpusReader.ReadTexts(TestData.Require(file)))
            {
                if (index++ % stride == 0)
                {
                    texts.Add(text);
                    if (texts.Count == count)
                    {
                        return texts;
                    }
                }
            }
        }

        return texts;
    }
}
