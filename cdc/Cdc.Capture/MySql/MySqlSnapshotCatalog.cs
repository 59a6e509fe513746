using System.Globalization;
using Cdc.Binlog;
using Cdc.Capture.Snapshot;
using Cdc.Model;
using Cdc.Sql;

namespace Cdc.Capture.MySql;

/// <summary>
/// Describes a database's tables for a snapshot exactly as the binlog will describe them when streaming: the catalog
/// (information_schema) is turned into the TABLE_MAP a row event of the table would carry (type codes, type metadata,
/// signedness, collations, ENUM/SET symbols, nullability, primary key), and that goes through the same
/// <see cref="MySqlTypeMapper"/>, so snapshot and streamed records share one schema version. Temporal columns are taken
/// in the MySQL 5.6 format (TIME2/DATETIME2/TIMESTAMP2), the default of every supported server.
/// </summary>
internal sealed class MySqlSnapshotCatalog(BinlogClient client, MySqlTypeMapper mapper)
{
    public async Task<IReadOnlyList<(SnapshotTable Table, TableMapEvent Map)>> DescribeAsync(string database, Func<TableId, bool> wanted, CancellationToken ct)
    {
        var schema = MySqlQuoting.Literal(database);
        var tables = (await client.QueryAsync(
                $"SELECT TABLE_NAME, COALESCE(TABLE_ROWS, 0) FROM information_schema.TABLES WHERE TABLE_SCHEMA = {schema} AND TABLE_TYPE = 'BASE TABLE'", ct))
            .Rows.Where(r => wanted(new TableId(database, r[0]!)))
            .ToDictionary(r => r[0]!, r => long.Parse(r[1]!, CultureInfo.InvariantCulture));
        if (tables.Count == 0)
            return [];
        var columns = (await client.QueryAsync($"""
                SELECT c.TABLE_NAME, c.COLUMN_NAME, c.DATA_TYPE, c.COLUMN_TYPE, c.IS_NULLABLE, c.CHARACTER_OCTET_LENGTH,
                       c.NUMERIC_PRECISION, c.NUMERIC_SCALE, c.DATETIME_PRECISION, co.ID, c.COLUMN_KEY
                FROM information_schema.COLUMNS c LEFT JOIN information_schema.COLLATIONS co ON co.COLLATION_NAME = c.COLLATION_NAME
                WHERE c.TABLE_SCHEMA = {schema} ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION
                """, ct)).Rows.Where(r => tables.ContainsKey(r[0]!)).GroupBy(r => r[0]!).ToDictionary(g => g.Key, g => g.ToArray());
        var references = (await client.QueryAsync(
                "SELECT DISTINCT TABLE_NAME, REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME FROM information_schema.KEY_COLUMN_USAGE " +
                $"WHERE TABLE_SCHEMA = {schema} AND REFERENCED_TABLE_NAME IS NOT NULL", ct))
            .Rows.GroupBy(r => r[0]!).ToDictionary(g => g.Key, g => g.Select(r => new TableId(r[1]!, r[2]!)).ToArray());
        var described = new List<(SnapshotTable, TableMapEvent)>();
        foreach (var (name, estimate) in tables)
        {
            if (!columns.TryGetValue(name, out var rows))
                continue;
            var infos = rows.Select((r, i) => Column(i, r)).ToArray();
            var key = rows.Select((r, i) => (r, i)).Where(c => c.r[10] == "PRI").Select(c => new PrimaryKeyColumn(c.i, 0)).ToArray();
            var map = new TableMapEvent(default, "", 0, database, name, infos, key);
            var definition = await mapper.MapAsync(map, ct);
            described.Add((new SnapshotTable(definition, estimate, references.TryGetValue(name, out var r) ? r : []), map));
        }
        return described;
    }

    /// <summary>One column as its TABLE_MAP entry: type code and metadata as TableMapDecoder reads them.</summary>
    private static ColumnInfo Column(int index, IReadOnlyList<string?> r)
    {
        var dataType = r[2]!.ToLowerInvariant();
        var columnType = r[3]!.ToLowerInvariant();
        int Number(int i) => r[i] is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : 0;
        var octets = r[5] is { } o ? (int)Math.Min(long.Parse(o, CultureInfo.InvariantCulture), int.MaxValue) : 0;
        var collation = r[9] is { } id ? int.Parse(id, CultureInfo.InvariantCulture) : 63;
        var (type, metadata) = dataType switch
        {
            "tinyint" => (ColumnType.Tiny, 0),
            "smallint" => (ColumnType.Short, 0),
            "mediumint" => (ColumnType.Int24, 0),
            "int" or "integer" => (ColumnType.Long, 0),
            "bigint" => (ColumnType.LongLong, 0),
            "float" => (ColumnType.Float, 4),
            "double" or "real" => (ColumnType.Double, 8),
            "decimal" or "numeric" => (ColumnType.NewDecimal, Number(6) << 8 | Number(7)),
            "bit" => (ColumnType.Bit, Number(6) / 8 << 8 | Number(6) % 8),
            "year" => (ColumnType.Year, 0),
            "date" => (ColumnType.Date, 0),
            "time" => (ColumnType.Time2, Number(8)),
            "datetime" => (ColumnType.DateTime2, Number(8)),
            "timestamp" => (ColumnType.Timestamp2, Number(8)),
            "varchar" or "varbinary" => (ColumnType.VarChar, octets),
            "char" or "binary" => (ColumnType.String, octets),
            // MariaDB's INET4, INET6, UUID: BINARY(4), BINARY(16) in a TABLE_MAP (no character set: the binary collation).
            "inet4" or "inet6" or "uuid" => (ColumnType.String, MariaDbFixedBinary.Size(dataType)!.Value.Bytes),
            "tinytext" or "tinyblob" => (ColumnType.Blob, 1),
            "text" or "blob" => (ColumnType.Blob, 2),
            "mediumtext" or "mediumblob" => (ColumnType.Blob, 3),
            "longtext" or "longblob" => (ColumnType.Blob, 4),
            "json" => (ColumnType.Json, 4),
            "enum" => (ColumnType.Enum, 0),
            "set" => (ColumnType.Set, 0),
            "geometry" or "point" or "linestring" or "polygon" or "multipoint" or "multilinestring" or "multipolygon"
                or "geometrycollection" => (ColumnType.Geometry, 4),
            _ => throw new CaptureException(
                $"Column {r[0]}.{r[1]} has type {columnType}, which the snapshot cannot describe as the binlog would. " +
                $"Leave the table out of the snapshot (--tables) or report the type."),
        };
        var isNumeric = type is ColumnType.Tiny or ColumnType.Short or ColumnType.Int24 or ColumnType.Long or ColumnType.LongLong
            or ColumnType.Float or ColumnType.Double or ColumnType.NewDecimal;
        return new ColumnInfo(index, type, metadata, r[4] == "YES")
        {
            Name = r[1],
            IsUnsigned = isNumeric ? columnType.Contains("unsigned", StringComparison.Ordinal) : null,
            Collation = type is ColumnType.VarChar or ColumnType.String or ColumnType.Blob or ColumnType.Enum or ColumnType.Set ? collation : null,
            EnumValues = type == ColumnType.Enum ? Symbols(r[3]!) : null,
            SetValues = type == ColumnType.Set ? Symbols(r[3]!) : null,
        };
    }

    /// <summary>The quoted symbols of <c>enum('a','b''c')</c> / <c>set(...)</c>.</summary>
    private static string[] Symbols(string columnType)
    {
        var symbols = new List<string>();
        var open = columnType.IndexOf('(');
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = open + 1; i < columnType.Length; i++)
        {
            var c = columnType[i];
            if (quoted && c == '\'' && i + 1 < columnType.Length && columnType[i + 1] == '\'')
            {
                current.Append('\'');
                i++;
            }
            else if (c == '\'')
            {
                if (quoted)
                {
                    symbols.Add(current.ToString());
                    current.Clear();
                }
                quoted = !quoted;
            }
            else if (quoted)
                current.Append(c);
        }
        return symbols.ToArray();
    }
}
