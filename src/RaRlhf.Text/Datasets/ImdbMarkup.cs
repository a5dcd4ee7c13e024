namespace RaRlhf.Text.Datasets;

/// <summary>What to do with the HTML line breaks (<c>&lt;br /&gt;</c>) that IMDB reviews contain.</summary>
public enum ImdbMarkup
{
    /// <summary>Each <c>&lt;br /&gt;</c> becomes "\n", so the usual <c>&lt;br /&gt;&lt;br /&gt;</c> is a paragraph break "\n\n".</summary>
    LineBreaks,

    /// <summary>The text exactly as in the file (what the paper's TRL pipeline fed the models).</summary>
    Keep,
}
