namespace RaRlhf.Actors.Actors;

/// <summary>
/// The answer slot of one Ask. The first completion wins; later ones (and answers after the asker timed out) are
/// ignored, so a re-delivered message can safely respond again.
/// </summary>
public sealed class ReplyHandle
{
    private readonly TaskCompletionSource<object?> _source = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal Task<object?> Task => _source.Task;

    /// <summary>True once answered, failed or abandoned.</summary>
    public bool IsCompleted => _source.Task.IsCompleted;

    /// <summary>Answers the Ask.</summary>
    public void Complete(object? response) => _source.TrySetResult(response);

    /// <summary>Fails the Ask: the asker's await throws <paramref name="error"/>.</summary>
    public void Fail(Exception error) => _source.TrySetException(error);

    internal void Abandon() => _source.TrySetCanceled();
}
