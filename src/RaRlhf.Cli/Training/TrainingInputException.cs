namespace RaRlhf.Cli.Training;

/// <summary>Bad input to a training command (missing directory, vocabulary mismatch, out-of-range number): exit code 2.</summary>
internal sealed class TrainingInputException(string message) : Exception(message);
