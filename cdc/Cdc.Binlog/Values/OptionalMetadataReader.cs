using Cdc.Binlog.Protocol;

namespace Cdc.Binlog.Values;

/// <summary>
/// Applies the optional metadata at the end of a TABLE_MAP event (MySQL 8.0.1+, MariaDB 10.5+; type, length,
/// value triples, see enum Optional_metadata_field_type in
/// https://dev.mysql.com/doc/dev/mysql-server/latest/classmysql_1_1binlog_1_1event_1_1Table__map__event.html).
/// Lists that cover "numeric", "character", "ENUM", "SET" or "geometry" columns count only the columns of that kind.
/// MariaDB counts GEOMETRY columns (binary BLOBs to it) among the character columns, MySQL does not; MariaDB also
/// counts YEAR (a TINYINT to it) among the numeric columns of the signedness bits, MySQL does not.
/// </summary>
internal static class OptionalMetadataReader
{
    private enum Field : byte
    {
        Signedness = 1,
        DefaultCharset = 2,
        ColumnCharset = 3,
        ColumnName = 4,
        SetStrValue = 5,
        EnumStrValue = 6,
        GeometryType = 7,
        SimplePrimaryKey = 8,
        PrimaryKeyWithPrefix = 9,
        EnumAndSetDefaultCharset = 10,
        EnumAndSetColumnCharset = 11,
        ColumnVisibility = 12,
    }

    public static (ColumnInfo[] Columns, PrimaryKeyColumn[] PrimaryKey) Apply(ColumnInfo[] columns, PacketReader reader, bool isMariaDb)
    {
        Func<ColumnInfo, bool> isCharacter = c => c.IsCharacter || (isMariaDb && c.Type == ColumnType.Geometry);
        var result = (ColumnInfo[])columns.Clone();
        var primaryKey = new List<PrimaryKeyColumn>();
        var enumSymbols = new Dictionary<int, byte[][]>();
        var setSymbols = new Dictionary<int, byte[][]>();
        while (!reader.IsAtEnd)
        {
            var field = (Field)reader.ReadByte();
            var length = reader.ReadLengthEncodedInt32();
            var value = reader.ReadReader(length);
            switch (field)
            {
                case Field.Signedness:
                    ApplyBits(result, value, c => c.IsNumeric || (isMariaDb && c.Type == ColumnType.Year), (c, bit) => c with { IsUnsigned = bit });
                    break;
                case Field.DefaultCharset:
                    ApplyDefaultCharset(result, value, isCharacter);
                    break;
                case Field.EnumAndSetDefaultCharset:
                    ApplyDefaultCharset(result, value, c => c.IsEnumOrSet);
                    break;
                case Field.ColumnCharset:
                    ApplyEach(result, isCharacter, c => c with { Collation = value.ReadLengthEncodedInt32() });
                    break;
                case Field.EnumAndSetColumnCharset:
                    ApplyEach(result, c => c.IsEnumOrSet, c => c with { Collation = value.ReadLengthEncodedInt32() });
                    break;
                case Field.ColumnName:
                    ApplyEach(result, _ => true, c => c with { Name = value.ReadLengthEncodedString() });
                    break;
                case Field.SetStrValue:
                    ReadSymbols(result, value, ColumnType.Set, setSymbols);
                    break;
                case Field.EnumStrValue:
                    ReadSymbols(result, value, ColumnType.Enum, enumSymbols);
                    break;
                case Field.GeometryType:
                    ApplyEach(result, c => c.Type == ColumnType.Geometry, c => c with { GeometryType = value.ReadLengthEncodedInt32() });
                    break;
                case Field.SimplePrimaryKey:
                    while (!value.IsAtEnd)
                        primaryKey.Add(new PrimaryKeyColumn(value.ReadLengthEncodedInt32(), 0));
                    break;
                case Field.PrimaryKeyWithPrefix:
                    while (!value.IsAtEnd)
                        primaryKey.Add(new PrimaryKeyColumn(value.ReadLengthEncodedInt32(), value.ReadLengthEncodedInt32()));
                    break;
                case Field.ColumnVisibility:
                    ApplyBits(result, value, _ => true, (c, bit) => c with { IsVisible = bit });
                    break;
                default:
                    break; // newer servers may add fields; their length lets us skip them
            }
        }
        foreach (var (index, symbols) in enumSymbols)
            result[index] = result[index] with { EnumValues = Decode(symbols, result[index].Collation) };
        foreach (var (index, symbols) in setSymbols)
            result[index] = result[index] with { SetValues = Decode(symbols, result[index].Collation) };
        return (result, [.. primaryKey]);
    }

    /// <summary>One bit per selected column, most significant bit first.</summary>
    private static void ApplyBits(ColumnInfo[] columns, PacketReader value, Func<ColumnInfo, bool> selects, Func<ColumnInfo, bool, ColumnInfo> apply)
    {
        var bits = value.ReadBytes(value.Remaining);
        var n = 0;
        for (var i = 0; i < columns.Length; i++)
        {
            if (!selects(columns[i]))
                continue;
            if (n / 8 >= bits.Length)
                break;
            columns[i] = apply(columns[i], (bits[n / 8] & (0x80 >> (n % 8))) != 0);
            n++;
        }
    }

    private static void ApplyEach(ColumnInfo[] columns, Func<ColumnInfo, bool> selects, Func<ColumnInfo, ColumnInfo> apply)
    {
        for (var i = 0; i < columns.Length; i++)
        {
            if (selects(columns[i]))
                columns[i] = apply(columns[i]);
        }
    }

    /// <summary>A default collation, then (index among the selected columns, collation) pairs for the exceptions.</summary>
    private static void ApplyDefaultCharset(ColumnInfo[] columns, PacketReader value, Func<ColumnInfo, bool> selects)
    {
        var selected = Enumerable.Range(0, columns.Length).Where(i => selects(columns[i])).ToArray();
        var collations = Enumerable.Repeat(value.ReadLengthEncodedInt32(), selected.Length).ToArray();
        while (!value.IsAtEnd)
        {
            var n = value.ReadLengthEncodedInt32();
            var collation = value.ReadLengthEncodedInt32();
            if (n < collations.Length)
                collations[n] = collation;
        }
        for (var k = 0; k < selected.Length; k++)
            columns[selected[k]] = columns[selected[k]] with { Collation = collations[k] };
    }

    private static void ReadSymbols(ColumnInfo[] columns, PacketReader value, ColumnType type, Dictionary<int, byte[][]> into)
    {
        for (var i = 0; i < columns.Length && !value.IsAtEnd; i++)
        {
            if (columns[i].Type != type)
                continue;
            // Each symbol takes at least its length byte: a larger count is corrupt, not an allocation to make.
            var count = value.ReadLengthEncodedInt32();
            if (count > value.Remaining)
                throw new BinlogProtocolException($"The ENUM/SET metadata of column {i} claims {count} symbols in {value.Remaining} byte(s).");
            var symbols = new byte[count][];
            for (var s = 0; s < symbols.Length; s++)
                symbols[s] = value.ReadBytes(value.ReadLengthEncodedInt32());
            into[i] = symbols;
        }
    }

    private static string[] Decode(byte[][] symbols, int? collation)
    {
        var encoding = CharsetEncoding.ForCollation(collation ?? CharsetEncoding.Utf8Mb4GeneralCi) ?? System.Text.Encoding.UTF8;
        return [.. symbols.Select(s => encoding.GetString(s))];
    }
}
