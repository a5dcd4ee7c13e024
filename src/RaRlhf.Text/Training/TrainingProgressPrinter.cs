namespace RaRlhf.Text.Training;

/// <summary>
/// Shows training progress on a writer (stderr): one rewritten status line on a terminal, otherwise a plain line
/// every few seconds (and at the end of each phase) so logs stay readable.
/// </summary>
public sealed class TrainingProgressPrinter : IProgress<BpeTrainingProgress>
{
    private readonly object _gate = new();
    private readonly TextWriter _writer;
    private readonly bool _interactive;
    private readonly TimeSpan _every;
    private TimeSpan _lastPrinted = TimeSpan.MinValue;
    private string _lastPhase = "";

    public TrainingProgressPrinter(TextWriter writer, bool interactive)
    {
        _writer = writer;
        _interactive = interactive;
        _every = TimeSpan.FromSeconds(interactive ? 0.2 : 5);
    }

    public void Report(BpeTrainingProgress value)
    {
        lock (_gate)
        {
            var finished = value.Total > 0 && value.Done == value.Total;
            if (value.Phase == _lastPhase && value.Elapsed - _lastPrinted < _every && !finished)
            {
                return;
            }

            if (_interactive && value.Phase != _lastPhase && _lastPhase.Length > 0)
            {
                _writer.WriteLine();
            }

            _lastPhase = value.Phase;
            _lastPrinted = value.Elapsed;
            var amount = value.Total > 0
                ? $"{value.Done}/{value.Total} ({100.0 * value.Done / value.Total:F0}%)"
                : $"{value.Done} documents";
            var text = $"{value.Elapsed:mm\\:ss} {value.Phase} {amount} {value.Detail}";
            if (_interactive)
            {
                _writer.Write("\r" + text + "\u001b[K"); // ESC[K clears the rest of the line
            }
            else
            {
                _writer.WriteLine(text);
            }
        }
    }

    /// <summary>Ends an interactive status line.</summary>
    public void Finish()
    {
        if (_interactive)
        {
            _writer.WriteLine();
        }
    }
}
