using System.Globalization;
using System.Text;
using Cdc.Binlog;
using Cdc.Model;

namespace Cdc.Capture.MySql;

/// <summary>
/// Turns TABLE_MAP metadata (with <c>binlog_row_metadata=FULL</c>: names, signedness, charsets, ENUM/SET symbols,
/// primary key) into a <see cref="TableDefinition"/>. A table keeps its definition instance while its TABLE_MAPs say
/// the same; after DDL the next TABLE_MAP differs and a new definition (a new schema version) is made.
/// What the binlog cannot say of MariaDB's JSON (LONGTEXT with a <c>json_valid</c> check) and of its INET4, INET6 and
/// UUID (BINARY(4), BINARY(16)) the catalog does (<see cref="MariaDbColumnTypes"/>).
/// The kinds chosen per type are listed in README.md, "Types across engines".
/// </summary>
internal sealed class MySqlTypeMapper(
    IReadOnlyDictionary<int, int> collationWidths,
    Func<TableId, CancellationToken, Task<IReadOnlyDictionary<string, string>>> catalogTypes)
{
    private const int BinaryCollation = 63;
    private readonly Dictionary<TableId, (string Signature, TableDefinition Definition)> _tables = new();

    public async ValueTask<TableDefinition> MapAsync(TableMapEvent map, CancellationToken ct)
    {
        var id = new TableId(map.Database, map.Table);
        var signature = Signature(map);
        if (_tables.TryGetValue(id, out var known) && known.Signature == signature)
            return known.Definition;
        var types = map.Columns.Any(MayBeCatalogType)
            ? await catalogTypes(id, ct)
            : new Dictionary<string, string>();
        var key = map.PrimaryKey.Select(k => k.ColumnIndex).ToHashSet();
        var definition = new TableDefinition(id, map.Columns.Select(c => Map(c, key.Contains(c.Index), types.GetValueOrDefault(c.Name!))).ToArray());
        _tables[id] = (signature, definition);
        return definition;
    }

    /// <summary>The definition the last TABLE_MAP of this table gave (names compared ignoring case), if one was seen.</summary>
    public TableDefinition? Known(TableId table) =>
        _tables.TryGetValue(table, out var known) ? known.Definition
        : _tables.Values.Select(t => t.Definition).FirstOrDefault(d =>
            d.Id.Schema.Equals(table.Schema, StringComparison.OrdinalIgnoreCase) && d.Id.Name.Equals(table.Name, StringComparison.OrdinalIgnoreCase));

    /// <summary>A column whose TABLE_MAP could be one of MariaDB's JSON, INET4, INET6 or UUID.</summary>
    private static bool MayBeCatalogType(ColumnInfo c) =>
        c.Type == ColumnType.Blob && c.Collation != BinaryCollation || c.Type == ColumnType.String && c.Metadata is 4 or 16;

    private ColumnDefinition Map(ColumnInfo c, bool isKey, string? catalogType)
    {
        var unsigned = c.IsUnsigned == true;
        var column = new ColumnDefinition(c.Name!, ColumnKind.Text, "", c.IsNullable, isKey);
        return c.Type switch
        {
            // MariaDB's INET4, INET6, UUID: their text travels (see MariaDbFixedBinary).
            ColumnType.String when catalogType is { } type && MariaDbFixedBinary.Size(type) is { } size =>
                column with { SourceType = type, Length = size.TextLength },
            ColumnType.Tiny => column with { Kind = ColumnKind.Int16, SourceType = Integer("tinyint", unsigned) },
            ColumnType.Short => column with { Kind = unsigned ? ColumnKind.Int32 : ColumnKind.Int16, SourceType = Integer("smallint", unsigned) },
            ColumnType.Int24 => column with { Kind = ColumnKind.Int32, SourceType = Integer("mediumint", unsigned) },
            ColumnType.Long => column with { Kind = unsigned ? ColumnKind.Int64 : ColumnKind.Int32, SourceType = Integer("int", unsigned) },
            ColumnType.LongLong when unsigned => column with { Kind = ColumnKind.Decimal, SourceType = "bigint unsigned", Precision = 20, Scale = 0 },
            ColumnType.LongLong => column with { Kind = ColumnKind.Int64, SourceType = "bigint" },
            ColumnType.Float => column with { Kind = ColumnKind.Float32, SourceType = "float" },
            ColumnType.Double => column with { Kind = ColumnKind.Float64, SourceType = "double" },
            ColumnType.NewDecimal => column with { Kind = ColumnKind.Decimal, SourceType = Invariant($"decimal({c.Precision},{c.Scale})"), Precision = c.Precision, Scale = c.Scale },
            // BIT(64) may use the sign bit of a BIGINT: like BIGINT UNSIGNED it travels as a DECIMAL(20,0).
            ColumnType.Bit when Bits(c) == 64 => column with { Kind = ColumnKind.Decimal, SourceType = "bit(64)", Precision = 20, Scale = 0 },
            ColumnType.Bit => column with { Kind = ColumnKind.Int64, SourceType = Invariant($"bit({Bits(c)})") },
            ColumnType.Year => column with { Kind = ColumnKind.Int16, SourceType = "year" },
            ColumnType.Date => column with { Kind = ColumnKind.Date, SourceType = "date" },
            // TIME is an elapsed time (-838:59:59 to 838:59:59), not only a time of day: an interval, text "[-]H:MM:SS[.f]".
            ColumnType.Time or ColumnType.Time2 => Temporal(column, ColumnKind.Interval, "time", c.FractionalSecondsPrecision),
            ColumnType.DateTime or ColumnType.DateTime2 => Temporal(column, ColumnKind.Timestamp, "datetime", c.FractionalSecondsPrecision),
            ColumnType.Timestamp or ColumnType.Timestamp2 => Temporal(column, ColumnKind.TimestampTz, "timestamp", c.FractionalSecondsPrecision),
            ColumnType.VarChar or ColumnType.VarString when c.Collation == BinaryCollation =>
                column with { Kind = ColumnKind.Bytes, SourceType = Invariant($"varbinary({c.Metadata})"), Length = c.Metadata },
            ColumnType.VarChar or ColumnType.VarString => Characters(column, "varchar", c),
            ColumnType.String when c.Collation == BinaryCollation =>
                column with { Kind = ColumnKind.Bytes, SourceType = Invariant($"binary({c.Metadata})"), Length = c.Metadata },
            ColumnType.String => Characters(column, "char", c),
            ColumnType.Blob or ColumnType.TinyBlob or ColumnType.MediumBlob or ColumnType.LongBlob => Blob(column, c, catalogType == MariaDbColumnTypes.Json),
            ColumnType.Json => column with { Kind = ColumnKind.Json, SourceType = "json" },
            ColumnType.Enum => column with { Kind = ColumnKind.Enum, SourceType = Symbols("enum", c.EnumValues) },
            ColumnType.Set => column with { Kind = ColumnKind.String, SourceType = Symbols("set", c.SetValues) },
            ColumnType.Geometry => column with { Kind = ColumnKind.Bytes, SourceType = "geometry" },
            _ => column with { SourceType = c.Type.ToString().ToLowerInvariant() },
        };
    }

    private static ColumnDefinition Temporal(ColumnDefinition column, ColumnKind kind, string type, int fsp) =>
        column with { Kind = kind, SourceType = fsp > 0 ? Invariant($"{type}({fsp})") : type, Precision = fsp };

    private ColumnDefinition Characters(ColumnDefinition column, string type, ColumnInfo c)
    {
        var width = c.Collation is { } collation && collationWidths.TryGetValue(collation, out var w) && w > 0 ? w : 4;
        var length = c.Metadata / width;
        return column with { Kind = ColumnKind.String, SourceType = Invariant($"{type}({length})"), Length = length };
    }

    private static ColumnDefinition Blob(ColumnDefinition column, ColumnInfo c, bool isJson)
    {
        var size = c.Metadata switch { 1 => "tiny", 2 => "", 3 => "medium", _ => "long" };
        if (c.Collation == BinaryCollation || c.Collation is null)
            return column with { Kind = ColumnKind.Bytes, SourceType = size + "blob" };
        return isJson
            ? column with { Kind = ColumnKind.Json, SourceType = "json" }
            : column with { Kind = ColumnKind.String, SourceType = size + "text" };
    }

    private static int Bits(ColumnInfo c) => (c.Metadata >> 8) * 8 + (c.Metadata & 0xFF);

    private static string Integer(string type, bool unsigned) => unsigned ? type + " unsigned" : type;

    private static string Symbols(string type, IReadOnlyList<string>? symbols) =>
        $"{type}({string.Join(",", (symbols ?? []).Select(s => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'"))})";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Everything of a TABLE_MAP that the definition depends on.</summary>
    private static string Signature(TableMapEvent map)
    {
        var text = new StringBuilder();
        foreach (var c in map.Columns)
        {
            text.Append(c.Name).Append('\u0001').Append((int)c.Type).Append(':').Append(c.Metadata).Append(':')
                .Append(c.IsUnsigned).Append(':').Append(c.Collation).Append(':').Append(c.IsNullable).Append(':');
            foreach (var symbol in (c.EnumValues ?? []).Concat(c.SetValues ?? []))
                text.Append(symbol).Append('\u0002');
            text.Append('\u0003');
        }
        foreach (var key in map.PrimaryKey)
            text.Append(key.ColumnIndex).Append(',');
        return text.ToString();
    }
}
