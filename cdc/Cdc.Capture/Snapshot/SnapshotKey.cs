using System.Globalization;
using Cdc.Model;

namespace Cdc.Capture.Snapshot;

/// <summary>
/// The primary-key values of one row, in key-column order, typed as <see cref="ColumnKind"/> says. Marks where a
/// chunked read stands (the next chunk starts after it) and identifies a row when a chunk meets streamed changes.
/// </summary>
internal sealed record SnapshotKey(IReadOnlyList<object?> Values)
{
    public static SnapshotKey Of(TableDefinition table, RowImage row) => new(table.KeyIndexes.Select(i => row[i]).ToArray());

    /// <summary>A text that is equal for equal keys (byte arrays compare by content), for hash lookups.</summary>
    public string Identity => string.Join('\u001f', Values.Select(v => v switch
    {
        null => "\u0000",
        byte[] bytes => Convert.ToHexString(bytes),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString(),
    }));

    public override string ToString() => "(" + string.Join(", ", Values.Select(v => v?.ToString() ?? "NULL")) + ")";
}
