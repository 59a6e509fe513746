using System.Globalization;
using Cdc.Model;
using Cdc.Values;

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

    /// <summary>Each value in its kind's canonical text (<see cref="CanonicalText"/>), for a progress table that stores keys as text.</summary>
    public IReadOnlyList<string?> ToTexts(TableDefinition table) =>
        table.KeyIndexes.Select((column, i) => Values[i] is { } value ? CanonicalText.Format(table.Columns[column], value) : null).ToArray();

    /// <summary>The key <see cref="ToTexts"/> wrote; null when the table's key has changed since (the table is read from its start).</summary>
    public static SnapshotKey? FromTexts(TableDefinition table, IReadOnlyList<string?> texts) =>
        texts.Count == table.KeyIndexes.Count
            ? new(table.KeyIndexes.Select((column, i) => texts[i] is { } text ? CanonicalText.Parse(table.Columns[column], text) : null).ToArray())
            : null;

    public override string ToString() => "(" + string.Join(", ", Values.Select(v => v?.ToString() ?? "NULL")) + ")";
}
