namespace Cdc.Model;

/// <summary>
/// The values of one row, in column order, typed as <see cref="ColumnKind"/> says. A column the log did not carry
/// (PostgreSQL's unchanged TOAST values, the non-key columns of a key-only old row) is <em>unavailable</em>: it is not
/// NULL, and a target must leave it as it is.
/// </summary>
public sealed class RowImage
{
    private readonly bool[]? _unavailable;

    public RowImage(object?[] values, bool[]? unavailable = null)
    {
        if (unavailable is not null && unavailable.Length != values.Length)
            throw new ArgumentException("One unavailable flag per value is needed.", nameof(unavailable));
        Values = values;
        _unavailable = unavailable is not null && Array.IndexOf(unavailable, true) >= 0 ? unavailable : null;
    }

    public IReadOnlyList<object?> Values { get; }

    public object? this[int column] => Values[column];

    public bool HasUnavailable => _unavailable is not null;

    public bool IsAvailable(int column) => _unavailable is null || !_unavailable[column];
}
