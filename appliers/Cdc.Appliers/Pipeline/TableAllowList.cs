using Cdc.Model;
using Cdc.Schemas.Registry;

namespace Cdc.Appliers.Pipeline;

/// <summary>
/// The tables one stream may write: <c>schema.table</c> or <c>schema.*</c> entries, or (no entries) any table of the
/// stream office's own subjects (the decoder binds subjects to offices). Cdc's own bookkeeping tables
/// (<c>cdc_offsets</c>, <c>cdc_table_feeds</c>, <c>cdc_snapshot</c>) are never writable: a record naming one moves no
/// checkpoint. On a PostgreSQL target they are those of schema <c>public</c> (a user's <c>myschema.cdc_offsets</c> is
/// data like any other); on a MySQL/MariaDB target every source schema lands in the one target database, so the names
/// are reserved in every schema.
/// </summary>
public sealed class TableAllowList
{
    private static readonly string[] Reserved = [OwnTables.Offsets, OwnTables.TableFeeds, OwnTables.Halts, OwnTables.Snapshot];

    private readonly string[] _entries;
    private readonly bool _reservedInEverySchema;

    private TableAllowList(string[] entries, bool reservedInEverySchema)
    {
        _entries = entries;
        _reservedInEverySchema = reservedInEverySchema;
    }

    /// <summary>A comma-separated list; empty or null for the default.</summary>
    /// <exception cref="ArgumentException">An entry is not <c>schema.table</c> or <c>schema.*</c>.</exception>
    public static TableAllowList Parse(string? text, bool reservedInEverySchema = true)
    {
        var entries = (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var entry in entries)
        {
            var dot = entry.IndexOf('.', StringComparison.Ordinal);
            if (dot <= 0 || dot == entry.Length - 1)
                throw new ArgumentException($"'{entry}' in a table allow-list is not schema.table or schema.*.");
        }
        return new TableAllowList(entries, reservedInEverySchema);
    }

    public bool Allows(TableId table) =>
        !(Reserved.Contains(table.Name, StringComparer.OrdinalIgnoreCase) && (_reservedInEverySchema || table.Schema == "public"))
        && (_entries.Length == 0 || _entries.Any(e => e.EndsWith(".*", StringComparison.Ordinal)
            ? table.Schema == e[..^2]
            : e == $"{table.Schema}.{table.Name}"));

    /// <exception cref="ForbiddenRecordException">A record's table is not allowed.</exception>
    public void Check(IEnumerable<ChangeRecord> records)
    {
        foreach (var record in records)
        {
            if (!Allows(record.Table.Id))
                throw new ForbiddenRecordException(
                    $"its record of {record.Op} on table {record.Table.Id} (office {record.Source.Office}, position {record.Source.Position}) is outside the tables " +
                    $"this stream may write ({this}); it was not applied");
        }
    }

    public override string ToString() =>
        (_entries.Length == 0 ? "the tables of the office's own subjects" : string.Join(",", _entries)) + ", never cdc_offsets or cdc_snapshot";
}
