namespace Cdc.Streams.Consuming;

/// <summary>
/// The bytes a consumer holds between the broker and its reader: a delivery waits until the bytes already held plus its
/// own fit, or until nothing is held (so that a message larger than the whole budget still passes, alone). Freed as
/// the reader takes each message.
/// </summary>
internal sealed class ByteBudget(long max)
{
    private readonly Lock _lock = new();
    private long _held;
    private TaskCompletionSource? _freed;

    public long Held
    {
        get
        {
            lock (_lock)
                return _held;
        }
    }

    /// <summary>Waits until <paramref name="bytes"/> fit, then holds them.</summary>
    public async Task TakeAsync(long bytes, CancellationToken ct)
    {
        while (true)
        {
            Task freed;
            lock (_lock)
            {
                if (_held == 0 || _held + bytes <= max)
                {
                    _held += bytes;
                    return;
                }
                _freed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                freed = _freed.Task;
            }
            await freed.WaitAsync(ct);
        }
    }

    /// <summary>Gives <paramref name="bytes"/> taken before back, and wakes the delivery waiting for room.</summary>
    public void Free(long bytes)
    {
        TaskCompletionSource? freed;
        lock (_lock)
        {
            _held -= bytes;
            freed = _freed;
            _freed = null;
        }
        freed?.TrySetResult();
    }
}
