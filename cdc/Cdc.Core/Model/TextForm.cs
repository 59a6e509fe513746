namespace Cdc.Model;

/// <summary>
/// A value whose kind has a native form it does not fit travels as its exact source text (a <c>string</c> in the
/// <see cref="RowImage"/>, the Avro union's string branch): a PostgreSQL timestamp after year 294246 (beyond
/// microseconds since 1970 in a long), an array of more than one dimension or with bounds other than 1 (beyond one
/// Avro array). A target of the source's engine casts the text back to the same value.
/// </summary>
public static class TextForm
{
    /// <summary>Whether values of <paramref name="kind"/> may travel as text (their Avro union has a string branch).</summary>
    public static bool Admits(ColumnKind kind) => kind is ColumnKind.Timestamp or ColumnKind.TimestampTz or ColumnKind.Array;

    /// <summary>Whether <paramref name="value"/> is a text form of a kind whose native value is not a string.</summary>
    public static bool Is(ColumnKind kind, object value) => value is string && Admits(kind);
}
