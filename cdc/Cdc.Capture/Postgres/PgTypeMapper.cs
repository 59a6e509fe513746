using Cdc.Model;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Cdc.Capture.Postgres;

/// <summary>
/// Turns a pgoutput Relation message (column names, type OIDs, type modifiers) into a <see cref="TableDefinition"/>.
/// The catalog supplies what pgoutput leaves out: the type's text, enum-ness, NOT NULL and the primary key.
/// A type without a mapping travels as its text form (<see cref="ColumnKind.Text"/>), logged once.
/// </summary>
internal sealed partial class PgTypeMapper(NpgsqlConnection catalog, ILogger logger)
{
    private readonly HashSet<string> _reportedUnknown = new(StringComparer.Ordinal);

    public async Task<TableDefinition> MapAsync(PgRelation relation, CancellationToken ct)
    {
        var types = await DescribeTypesAsync(relation, ct);
        var attributes = await DescribeAttributesAsync(relation.Id, ct);
        var hasPrimaryKey = attributes.Values.Any(a => a.InPrimaryKey);
        var columns = relation.Columns.Select((column, i) =>
        {
            var type = types[i];
            var (kind, element) = KindOf(column.TypeOid, type);
            if (kind == ColumnKind.Text && _reportedUnknown.Add(type.Name))
                LogUnknownType(logger, type.Name, $"{relation.Table}.{column.Name}");
            attributes.TryGetValue(column.Name, out var attribute);
            return new ColumnDefinition(
                column.Name,
                kind,
                type.Name,
                Nullable: !attribute.NotNull,
                IsKey: hasPrimaryKey ? attribute.InPrimaryKey : relation.UsesIndexIdentity && column.InIdentity,
                Length: column.TypeOid is 1042 or 1043 && column.TypeModifier > 4 ? column.TypeModifier - 4 : null,
                Precision: PrecisionOf(kind, column.TypeModifier),
                Scale: kind == ColumnKind.Decimal ? (column.TypeModifier - 4) & 0xFFFF : null,
                ElementKind: element);
        }).ToList();
        return new TableDefinition(relation.Table, columns);
    }

    private static (ColumnKind Kind, ColumnKind? Element) KindOf(uint oid, PgType type)
    {
        if (type.TypType == 'e')
            return (ColumnKind.Enum, null);
        if (type.Category == 'A' && ScalarKind(type.ElementOid) is ColumnKind element and (ColumnKind.Int16 or ColumnKind.Int32 or ColumnKind.Int64 or ColumnKind.String or ColumnKind.Boolean))
            return (ColumnKind.Array, element);
        if (oid == 1700)
            return (type.TypeModifier >= 4 ? ColumnKind.Decimal : ColumnKind.Numeric, null);
        return (ScalarKind(oid) ?? ColumnKind.Text, null);
    }

    private static ColumnKind? ScalarKind(uint oid) => oid switch
    {
        16 => ColumnKind.Boolean,
        17 => ColumnKind.Bytes,
        20 or 26 => ColumnKind.Int64,
        21 => ColumnKind.Int16,
        23 => ColumnKind.Int32,
        700 => ColumnKind.Float32,
        701 => ColumnKind.Float64,
        18 or 19 or 25 or 1042 or 1043 => ColumnKind.String,
        2950 => ColumnKind.Uuid,
        1082 => ColumnKind.Date,
        1083 => ColumnKind.Time,
        1114 => ColumnKind.Timestamp,
        1184 => ColumnKind.TimestampTz,
        1186 => ColumnKind.Interval,
        114 or 3802 => ColumnKind.Json,
        _ => null,
    };

    private static int? PrecisionOf(ColumnKind kind, int typeModifier) => kind switch
    {
        ColumnKind.Decimal => ((typeModifier - 4) >> 16) & 0xFFFF,
        ColumnKind.Time or ColumnKind.Timestamp or ColumnKind.TimestampTz when typeModifier >= 0 => typeModifier,
        _ => null,
    };

    private async Task<PgType[]> DescribeTypesAsync(PgRelation relation, CancellationToken ct)
    {
        const string sql = """
            SELECT format_type(c.oid, c.mod), t.typtype, t.typcategory, t.typelem, c.mod
            FROM unnest($1::oid[], $2::int4[]) WITH ORDINALITY AS c(oid, mod, n)
            JOIN pg_type t ON t.oid = c.oid
            ORDER BY c.n
            """;
        await using var command = new NpgsqlCommand(sql, catalog);
        command.Parameters.Add(new NpgsqlParameter { Value = relation.Columns.Select(c => c.TypeOid).ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Oid });
        command.Parameters.Add(new NpgsqlParameter { Value = relation.Columns.Select(c => c.TypeModifier).ToArray() });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var types = new List<PgType>();
        while (await reader.ReadAsync(ct))
            types.Add(new PgType(reader.GetString(0), reader.GetChar(1), reader.GetChar(2), reader.GetFieldValue<uint>(3), reader.GetInt32(4)));
        if (types.Count != relation.Columns.Count)
            throw new CaptureException($"Table {relation.Table} has a column whose type the catalog does not know (dropped while capturing?).", retryable: true);
        return types.ToArray();
    }

    private async Task<Dictionary<string, PgAttribute>> DescribeAttributesAsync(uint relationId, CancellationToken ct)
    {
        const string sql = """
            SELECT a.attname, a.attnotnull, coalesce(a.attnum = ANY(i.indkey), false)
            FROM pg_attribute a
            LEFT JOIN pg_index i ON i.indrelid = a.attrelid AND i.indisprimary
            WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped
            """;
        await using var command = new NpgsqlCommand(sql, catalog);
        command.Parameters.Add(new NpgsqlParameter { Value = relationId, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Oid });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var attributes = new Dictionary<string, PgAttribute>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
            attributes[reader.GetString(0)] = new PgAttribute(reader.GetBoolean(1), reader.GetBoolean(2));
        return attributes;
    }

    private readonly record struct PgType(string Name, char TypType, char Category, uint ElementOid, int TypeModifier);

    private readonly record struct PgAttribute(bool NotNull, bool InPrimaryKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL type {Type} (first seen in {Column}) has no mapping: its values travel as text")]
    private static partial void LogUnknownType(ILogger logger, string type, string column);
}
