using Cdc.Model;

namespace Cdc.Capture.Snapshot;

/// <summary>
/// A change of the progress table, as the change log shows it: a watermark written by this capturer, or a snapshot
/// requested by <c>cdc snapshot</c>. Rows of other offices, and progress writes, mean nothing here.
/// </summary>
internal sealed record SnapshotSignal(string? Watermark, TableId? Requested)
{
    public const string RequestedState = "requested";

    public static SnapshotSignal? Read(ChangeRecord record, string office)
    {
        if (record.After is not { } row)
            return null;
        var table = record.Table;
        if (Text(table, row, "office") != office)
            return null;
        var name = Text(table, row, "table_name");
        if (string.IsNullOrEmpty(name))
            return Text(table, row, "watermark") is { } mark ? new SnapshotSignal(mark, null) : null;
        return Text(table, row, "state") == RequestedState ? new SnapshotSignal(null, TableId.Parse(name, "public")) : null;
    }

    private static string? Text(TableDefinition table, RowImage row, string column)
    {
        var i = table.IndexOf(column);
        return i >= 0 && row.IsAvailable(i) ? row[i] as string : null;
    }
}
