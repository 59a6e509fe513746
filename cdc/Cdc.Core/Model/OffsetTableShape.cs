namespace Cdc.Model;

/// <summary>
/// The offset table an applier creates in its target (<c>public.cdc_offsets</c> on PostgreSQL, <c>&lt;database&gt;.cdc_offsets</c>
/// on MySQL/MariaDB) and writes first in every target transaction. A capturer of that same database recognises an
/// applier's transaction by its first change: a change to exactly this table (that schema, that name, these columns),
/// never a user table that happens to be called <c>cdc_offsets</c> in another schema.
/// </summary>
public static class OffsetTableShape
{
    public const string Name = OwnTables.Offsets;

    /// <summary>The applier's other table in its target: which streams write each table (the applier's TableFeeds).</summary>
    public const string FeedsName = OwnTables.TableFeeds;

    /// <summary>Whether a table of this name is one an applier keeps for itself in a target: never snapshotted or verified as data.</summary>
    public static bool IsApplierTable(string name) => name is Name or FeedsName or OwnTables.Halts;

    /// <summary>The columns the applier creates it with (see the applier's OffsetTable).</summary>
    public static IReadOnlyList<string> Columns { get; } = ["applier", "stream", "stream_offset", "source_position", "applied_at"];

    /// <summary>Whether <paramref name="table"/> is the applier's offset table <paramref name="offsetTable"/> of this database.</summary>
    public static bool Matches(TableDefinition table, TableId offsetTable) =>
        table.Id == offsetTable && table.Columns.Select(c => c.Name).Order(StringComparer.Ordinal).SequenceEqual(Columns.Order(StringComparer.Ordinal));
}
