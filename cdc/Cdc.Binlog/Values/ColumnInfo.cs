namespace Cdc.Binlog;

/// <summary>
/// One column as a TABLE_MAP event describes it: its type and type metadata, and what the optional metadata
/// (<c>binlog_row_metadata=MINIMAL</c> or <c>FULL</c>) adds. Optional parts are null when the server did not log them.
/// </summary>
/// <param name="Index">Position of the column in the table, from 0.</param>
/// <param name="Type">The column's type (for CHAR-logged ENUM/SET columns, the real type).</param>
/// <param name="Metadata">Raw type metadata: length bytes, max length, precision/scale, fractional seconds...</param>
/// <param name="IsNullable">Whether the column accepts NULL.</param>
public sealed record ColumnInfo(int Index, ColumnType Type, int Metadata, bool IsNullable)
{
    /// <summary>Column name (FULL metadata only).</summary>
    public string? Name { get; init; }

    /// <summary>For numeric columns: whether UNSIGNED (MINIMAL/FULL metadata); null when unknown or not numeric.</summary>
    public bool? IsUnsigned { get; init; }

    /// <summary>Collation id of a character, ENUM or SET column (63 = binary); null when unknown or not applicable.</summary>
    public int? Collation { get; init; }

    /// <summary>ENUM symbols in definition order (FULL metadata only).</summary>
    public IReadOnlyList<string>? EnumValues { get; init; }

    /// <summary>SET symbols in definition order (FULL metadata only).</summary>
    public IReadOnlyList<string>? SetValues { get; init; }

    /// <summary>Geometry subtype code for GEOMETRY columns (0 geometry, 1 point, 2 linestring, 3 polygon, ...).</summary>
    public int? GeometryType { get; init; }

    /// <summary>False for invisible columns (MySQL 8.0.23+ FULL metadata); null when not logged.</summary>
    public bool? IsVisible { get; init; }

    /// <summary>DECIMAL precision (total digits).</summary>
    public int Precision => Metadata >> 8;

    /// <summary>DECIMAL scale (digits after the point).</summary>
    public int Scale => Metadata & 0xFF;

    /// <summary>Fractional seconds digits (0-6) of TIME2, DATETIME2 and TIMESTAMP2.</summary>
    public int FractionalSecondsPrecision => Type is ColumnType.Time2 or ColumnType.DateTime2 or ColumnType.Timestamp2 ? Metadata : 0;

    /// <summary>True for the numeric types that carry signedness in the metadata.</summary>
    internal bool IsNumeric => Type is ColumnType.Tiny or ColumnType.Short or ColumnType.Int24 or ColumnType.Long
        or ColumnType.LongLong or ColumnType.Float or ColumnType.Double or ColumnType.NewDecimal or ColumnType.Decimal;

    /// <summary>True for the types whose charset the metadata lists among "character" columns.</summary>
    internal bool IsCharacter => Type is ColumnType.String or ColumnType.VarChar or ColumnType.VarString or ColumnType.Blob;

    /// <summary>True for ENUM and SET, whose charsets the metadata lists separately.</summary>
    internal bool IsEnumOrSet => Type is ColumnType.Enum or ColumnType.Set;
}
