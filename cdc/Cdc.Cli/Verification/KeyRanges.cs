namespace Cdc.Cli.Verification;

/// <summary>
/// A table's primary-key ranges for <c>cdc verify</c>, cut from the source's keys in <see cref="KeyOrder"/>: every
/// chunk-size-th key starts a new range. The first range is open below and the last open above, so that every key of the
/// target falls into exactly one range too, whether or not the source has it.
/// </summary>
internal sealed class KeyRanges(int chunkSize)
{
    private readonly List<object?[]> _starts = [];
    private object?[]? _last;
    private long _keys;

    /// <summary>How many ranges: one more than the range starts.</summary>
    public int Count => _starts.Count + 1;

    /// <summary>Takes the source's next key (strictly greater than the one before) and returns the range it falls into.</summary>
    /// <exception cref="KeyOrderException">The key is not greater than the one before.</exception>
    public int Add(object?[] key)
    {
        if (_last is not null && KeyOrder.Instance.Compare(_last, key) >= 0)
            throw new KeyOrderException(_last, key);
        if (_keys > 0 && _keys % chunkSize == 0)
            _starts.Add(key);
        _last = key;
        _keys++;
        return _starts.Count;
    }

    /// <summary>The range a key falls into: the last one whose start is at or below it.</summary>
    public int RangeOf(object?[] key)
    {
        int low = 0, high = _starts.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (KeyOrder.Instance.Compare(_starts[middle], key) <= 0)
                low = middle + 1;
            else
                high = middle;
        }
        return low;
    }

    /// <summary>A range's bounds: from (inclusive; null below the first) to (exclusive; null above the last).</summary>
    public (object?[]? From, object?[]? To) Bounds(int range) =>
        (range == 0 ? null : _starts[range - 1], range == _starts.Count ? null : _starts[range]);
}
