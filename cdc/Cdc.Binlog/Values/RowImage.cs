namespace Cdc.Binlog;

/// <summary>
/// One row image of a row event: a value per table column, and whether the event carried the column at all
/// (with <c>binlog_row_image=MINIMAL/NOBLOB</c> images are partial: a column not present is not NULL, it is unknown).
/// </summary>
/// <remarks>
/// The value model, by column type:
/// <list type="bullet">
/// <item>TINYINT, SMALLINT, MEDIUMINT, INT, BIGINT: <see cref="long"/>; UNSIGNED (known from the signedness metadata): <see cref="ulong"/>.</item>
/// <item>DECIMAL: <see cref="string"/>, exact, invariant, with all scale digits (e.g. "-12345.6789000000").</item>
/// <item>FLOAT: <see cref="float"/>; DOUBLE: <see cref="double"/>; BIT(n): <see cref="ulong"/>; YEAR: <see cref="int"/> (0 for the zero year).</item>
/// <item>DATE, DATETIME, TIMESTAMP: <see cref="MySqlDateTime"/> (TIMESTAMP converted to UTC; TIMESTAMP 0 is the zero date).</item>
/// <item>TIME: <see cref="TimeSpan"/> (may be negative or beyond 24 hours).</item>
/// <item>CHAR, VARCHAR, TEXT: <see cref="string"/> decoded with the column's character set; with the binary
/// collation, and BINARY, VARBINARY, BLOB: <see cref="byte"/>[]. Without charset metadata (binlog_row_metadata
/// NO_LOG) CHAR/VARCHAR are read as UTF-8 and BLOB/TEXT as bytes.</item>
/// <item>ENUM: <see cref="string"/> symbol ("" for index 0); SET: <see cref="string"/> of comma-joined symbols. Without
/// FULL metadata the symbols are unknown: ENUM gives its index as <see cref="long"/>, SET its bit mask as <see cref="ulong"/>.</item>
/// <item>JSON: <see cref="string"/> JSON text (MySQL's binary JSON is decoded; MariaDB stores JSON as text).</item>
/// <item>GEOMETRY: <see cref="byte"/>[] as stored (4-byte SRID, then WKB).</item>
/// <item>NULL: null.</item>
/// </list>
/// </remarks>
public sealed class RowImage
{
    private readonly object?[] _values;
    private readonly bool[] _present;

    internal RowImage(object?[] values, bool[] present)
    {
        _values = values;
        _present = present;
    }

    /// <summary>Values by column index; null for SQL NULL and for columns not present.</summary>
    public IReadOnlyList<object?> Values => _values;

    /// <summary>For each column, whether the image carries it.</summary>
    public IReadOnlyList<bool> ColumnsPresent => _present;

    /// <summary>Number of columns of the table.</summary>
    public int Count => _values.Length;

    /// <summary>The value of a column (null for NULL or not present).</summary>
    public object? this[int column] => _values[column];

    /// <summary>True when the image carries the column (its value may still be NULL).</summary>
    public bool IsPresent(int column) => _present[column];

    /// <summary>A copy of the values as an array.</summary>
    public object?[] ToArray() => (object?[])_values.Clone();
}
