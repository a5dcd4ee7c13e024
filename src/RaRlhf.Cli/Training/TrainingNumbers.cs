namespace RaRlhf.Cli.Training;

/// <summary>Range checks for numeric options, failing with the option's name and what it must be.</summary>
internal static class TrainingNumbers
{
    public static void Require(bool ok, string option, string allowed)
    {
        if (!ok) throw new TrainingInputException($"{option} must be {allowed}");
    }
}
