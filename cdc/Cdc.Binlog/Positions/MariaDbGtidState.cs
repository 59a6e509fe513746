namespace Cdc.Binlog;

/// <summary>
/// A MariaDB replication position as GTIDs: the last applied GTID of each domain, formatted as the
/// comma-separated list that <c>@slave_connect_state</c> and <c>@@gtid_slave_pos</c> use, e.g. <c>0-1-42,1-2-7</c>.
/// Immutable: <see cref="Advance"/> returns a new state.
/// </summary>
public sealed class MariaDbGtidState : IEquatable<MariaDbGtidState>
{
    private readonly MariaDbGtid[] _gtids;

    /// <summary>Creates a state from GTIDs; at most one per domain.</summary>
    /// <exception cref="ArgumentException">Two GTIDs share a domain.</exception>
    public MariaDbGtidState(IEnumerable<MariaDbGtid> gtids)
    {
        _gtids = [.. gtids.OrderBy(g => g.DomainId)];
        for (var i = 1; i < _gtids.Length; i++)
        {
            if (_gtids[i].DomainId == _gtids[i - 1].DomainId)
                throw new ArgumentException($"Domain {_gtids[i].DomainId} appears twice in the GTID state; keep the last GTID of each domain only.", nameof(gtids));
        }
    }

    /// <summary>The empty state: a dump from it starts at the oldest binlog the server has.</summary>
    public static MariaDbGtidState Empty { get; } = new([]);

    /// <summary>The last GTID of each domain, ordered by domain.</summary>
    public IReadOnlyList<MariaDbGtid> Gtids => _gtids;

    /// <summary>Parses a comma-separated list of <c>domain-server-sequence</c>; empty text is the empty state.</summary>
    /// <exception cref="FormatException">An element is not a MariaDB GTID.</exception>
    public static MariaDbGtidState Parse(string text) =>
        new(text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(MariaDbGtid.Parse));

    /// <summary>Returns the state with the domain of <paramref name="gtid"/> moved to it.</summary>
    public MariaDbGtidState Advance(MariaDbGtid gtid) =>
        new(_gtids.Where(g => g.DomainId != gtid.DomainId).Append(gtid));

    /// <summary>Formats as the comma-separated list, e.g. <c>0-1-42,1-2-7</c>.</summary>
    public override string ToString() => string.Join(",", _gtids);

    /// <inheritdoc />
    public bool Equals(MariaDbGtidState? other) => other is not null && _gtids.AsSpan().SequenceEqual(other._gtids);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as MariaDbGtidState);

    /// <inheritdoc />
    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);
}
