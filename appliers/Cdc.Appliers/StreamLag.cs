namespace Cdc.Appliers;

/// <summary>
/// How far one applier is behind one stream: its applied offset, the stream's tail as last seen, and the source commit
/// time of the last record it applied. Written by the apply session and the tail probe, read by the metrics exporter.
/// </summary>
internal sealed class StreamLag
{
    private readonly Lock _lock = new();
    private long _applied = -1;
    private long _tail = -1;
    private DateTimeOffset? _lastCommit;

    public double? Applied
    {
        get
        {
            lock (_lock)
                return _applied;
        }
    }

    public double? Tail
    {
        get
        {
            lock (_lock)
                return _tail < 0 ? null : _tail;
        }
    }

    /// <summary>Offsets between the applied one and the tail; unknown until the tail was seen.</summary>
    public double? LagRecords
    {
        get
        {
            lock (_lock)
                return _tail < 0 ? null : Math.Max(0, _tail - _applied);
        }
    }

    /// <summary>0 when everything seen is applied; otherwise how old the last applied change is (unknown before the first apply).</summary>
    public double? LagSeconds(DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_tail < 0 || _applied >= _tail)
                return _tail < 0 ? null : 0;
            return _lastCommit is { } commit ? Math.Max(0, (now - commit).TotalSeconds) : null;
        }
    }

    public void Resume(long applied)
    {
        lock (_lock)
            _applied = applied;
    }

    public void SeeTail(long offset)
    {
        lock (_lock)
            _tail = Math.Max(_tail, offset);
    }

    public void Apply(long offset, DateTimeOffset? lastCommit)
    {
        lock (_lock)
        {
            _applied = offset;
            _tail = Math.Max(_tail, offset);
            if (lastCommit is not null)
                _lastCommit = lastCommit;
        }
    }
}
