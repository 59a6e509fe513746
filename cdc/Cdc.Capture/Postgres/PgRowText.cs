using Cdc.Model;
using Cdc.Values;

namespace Cdc.Capture.Postgres;

/// <summary>
/// A row's column texts as PostgreSQL printed them → the model's values. A text that does not parse stops the capture
/// (it would not parse on any retry either) with the table, column, key and position named.
/// </summary>
internal static class PgRowText
{
    /// <param name="table">The row's table.</param>
    /// <param name="texts">Each column's text, null for NULL or for a column the row does not carry.</param>
    /// <param name="position">Where the row was read (transaction and LSN, or the snapshot), for the error.</param>
    public static object?[] Parse(TableDefinition table, IReadOnlyList<string?> texts, string position)
    {
        var values = new object?[texts.Count];
        for (var i = 0; i < values.Length; i++)
        {
            if (texts[i] is not { } text)
                continue;
            try
            {
                values[i] = CanonicalText.Parse(table.Columns[i], text);
            }
            catch (Exception e) when (e is FormatException or OverflowException or ArgumentException or IndexOutOfRangeException)
            {
                throw Unreadable(table, texts, i, position, e);
            }
        }
        return values;
    }

    private static CaptureException Unreadable(TableDefinition table, IReadOnlyList<string?> texts, int index, string position, Exception e)
    {
        var column = table.Columns[index];
        var key = table.HasKey
            ? string.Join(", ", table.KeyIndexes.Select(k => $"{table.Columns[k].Name}={texts[k] ?? "NULL"}"))
            : "none (the table has no key)";
        var shown = texts[index]!.Length > 200 ? texts[index]![..200] + "…" : texts[index];
        return new CaptureException(
            $"Table {table.Id}, column {column.Name} ({column.SourceType}, {column.Kind}), key {key}, {position}: the value '{shown}' cannot be " +
            $"encoded ({e.Message}). The capture stopped before it; nothing after it was published. Change the value or the column's type " +
            "at the source (or leave the table out with --tables), then start the capturer again; report the type if the value is valid.", inner: e);
    }
}
