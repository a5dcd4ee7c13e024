namespace RaRlhf.Cli.Demo;

/// <summary>Bad input to `demo` / `experiment` (missing asset, unknown task, run directory started differently): exit code 2.</summary>
internal sealed class DemoInputException(string message) : Exception(message);
