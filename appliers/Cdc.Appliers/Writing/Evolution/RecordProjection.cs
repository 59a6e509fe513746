using Cdc.Model;

namespace Cdc.Appliers.Writing.Evolution;

/// <summary>
/// Writes a record of any version into a target table evolved to a newer one: each column goes to the target column it
/// became (by source id, so renames follow), and columns the target no longer has (dropped by policy) are left out.
/// The key is the newest version's (the target's key follows the source's), so a record written before a key change
/// upserts and matches by the key the target has. A record whose columns all map to themselves is passed through untouched.
/// </summary>
public sealed class RecordProjection
{
    private readonly TableDefinition? _table;
    private readonly int[] _indexes;

    private RecordProjection(TableDefinition? table, int[] indexes)
    {
        _table = table;
        _indexes = indexes;
    }

    public static RecordProjection Between(TableDefinition written, TableDefinition newest, IReadOnlySet<string> targetColumns)
    {
        var columns = new List<ColumnDefinition>();
        var indexes = new List<int>();
        for (var i = 0; i < written.Columns.Count; i++)
        {
            var column = written.Columns[i];
            var now = column.SourceId is { } id ? newest.Columns.FirstOrDefault(c => c.SourceId == id) : null;
            now ??= newest.Columns.FirstOrDefault(c => c.Name == column.Name);
            var name = now?.Name ?? column.Name;
            if (!targetColumns.Contains(name))
                continue;
            columns.Add(column with { Name = name, IsKey = now?.IsKey ?? false });
            indexes.Add(i);
        }
        var identity = indexes.Count == written.Columns.Count && columns.SequenceEqual(written.Columns);
        return identity || columns.Count == 0
            ? new RecordProjection(null, [])
            : new RecordProjection(new TableDefinition(written.Id, columns), indexes.ToArray());
    }

    public ChangeRecord Apply(ChangeRecord record) =>
        _table is null ? record : record with { Table = _table, Before = Project(record.Before), After = Project(record.After) };

    private RowImage? Project(RowImage? row)
    {
        if (row is null)
            return null;
        var values = new object?[_indexes.Length];
        var unavailable = new bool[_indexes.Length];
        for (var i = 0; i < _indexes.Length; i++)
        {
            values[i] = row[_indexes[i]];
            unavailable[i] = !row.IsAvailable(_indexes[i]);
        }
        return new RowImage(values, unavailable);
    }
}
