namespace RaRlhf.Text.Tests.Datasets;

/// <summary>A fact that needs <c>/usr/bin/python3</c> (its standard <c>csv</c>/<c>json</c> modules as the reference); skipped with the reason when absent.</summary>
public sealed class RequiresPythonFactAttribute : FactAttribute
{
    public const string Python = "/usr/bin/python3";

    public RequiresPythonFactAttribute()
    {
        if (!File.Exists(Python))
        {
            Skip = $"{Python} not found: the Python csv-module reference cannot run on this machine";
        }
    }
}
