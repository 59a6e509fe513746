using System.Text.RegularExpressions;
using Cdc.Model;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Cdc.Capture.Postgres;

/// <summary>
/// Turns a pgoutput Relation message (column names, type OIDs, type modifiers) into a <see cref="TableDefinition"/>.
/// The catalog supplies what pgoutput leaves out: the type's text, enum-ness, NOT NULL and the primary key.
/// A type without a mapping travels as its text form (<see cref="ColumnKind.Text"/>), logged once. A domain maps as its
/// base type (its constraints stay at the source); an array maps as an array of its element's kind when that has a
/// mapping, otherwise as text. Each column also carries its <c>attnum</c> (stable across renames) and its default when
/// that is a constant (pg_attrdef).
/// </summary>
internal sealed partial class PgTypeMapper(NpgsqlConnection catalog, ILogger logger)
{
    private readonly HashSet<string> _reportedUnknown = new(StringComparer.Ordinal);

    /// <param name="relation">The Relation message.</param>
    /// <param name="previous">
    /// The relation's previous definition. The catalog is read now, and a capturer that lags behind the DDL can meet a
    /// column the catalog no longer has under that name (renamed or dropped since): it keeps what the previous
    /// definition knew of it (source id, NOT NULL, default) instead of losing its identity.
    /// </param>
    /// <param name="ct">Cancels the catalog queries.</param>
    public async Task<TableDefinition> MapAsync(PgRelation relation, TableDefinition? previous, CancellationToken ct)
    {
        var types = await DescribeTypesAsync(relation, ct);
        var attributes = await DescribeAttributesAsync(relation.Id, ct);
        var hasPrimaryKey = attributes.Values.Any(a => a.InPrimaryKey);
        var columns = relation.Columns.Select((column, i) =>
        {
            var type = types[i];
            var (kind, element) = KindOf(type);
            if (kind == ColumnKind.Text && _reportedUnknown.Add(type.Name))
                LogUnknownType(logger, type.Name, $"{relation.Table}.{column.Name}");
            if (!attributes.TryGetValue(column.Name, out var attribute) && previous?.Columns.FirstOrDefault(c => c.Name == column.Name) is { } known)
                attribute = new PgAttribute(!known.Nullable, known.IsKey, known.SourceId, known.Default);
            return new ColumnDefinition(
                column.Name,
                kind,
                type.Name,
                Nullable: !attribute.NotNull,
                IsKey: hasPrimaryKey ? attribute.InPrimaryKey : relation.UsesIndexIdentity && column.InIdentity,
                Length: type.Oid is 1042 or 1043 && type.TypeModifier > 4 ? type.TypeModifier - 4 : null,
                Precision: PrecisionOf(element ?? kind, type.TypeModifier),
                Scale: (element ?? kind) == ColumnKind.Decimal ? (type.TypeModifier - 4) & 0xFFFF : null,
                ElementKind: element,
                Default: attribute.Default,
                SourceId: attribute.Number);
        }).ToList();
        return new TableDefinition(relation.Table, columns);
    }

    private static (ColumnKind Kind, ColumnKind? Element) KindOf(PgType type)
    {
        if (type.TypType == 'e')
            return (ColumnKind.Enum, null);
        if (type.IsArray)
            return ScalarKind(type.ElementOid, type.TypeModifier) is { } element && type.ElementDelimiter == ',' ? (ColumnKind.Array, element) : (ColumnKind.Text, null);
        return (ScalarKind(type.Oid, type.TypeModifier) ?? ColumnKind.Text, null);
    }

    private static ColumnKind? ScalarKind(uint oid, int typeModifier) =>
        oid == 1700 ? typeModifier >= 4 ? ColumnKind.Decimal : ColumnKind.Numeric : ScalarKind(oid);

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

    /// <summary>Each column's type, a domain replaced by its base type (through domains over domains).</summary>
    private async Task<PgType[]> DescribeTypesAsync(PgRelation relation, CancellationToken ct)
    {
        const string sql = """
            WITH RECURSIVE base(n, oid, mod) AS (
                SELECT c.n, c.oid, c.mod FROM unnest($1::oid[], $2::int4[]) WITH ORDINALITY AS c(oid, mod, n)
                UNION ALL
                SELECT b.n, d.typbasetype, d.typtypmod FROM base b JOIN pg_type d ON d.oid = b.oid AND d.typtype = 'd'
            )
            SELECT format_type(b.oid, b.mod), t.typtype, t.typelem, b.mod, b.oid,
                   t.typinput = 'array_in'::regproc, coalesce(e.typdelim, ',')
            FROM base b
            JOIN pg_type t ON t.oid = b.oid AND t.typtype <> 'd'
            LEFT JOIN pg_type e ON e.oid = t.typelem
            ORDER BY b.n
            """;
        await using var command = new NpgsqlCommand(sql, catalog);
        command.Parameters.Add(new NpgsqlParameter { Value = relation.Columns.Select(c => c.TypeOid).ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Oid });
        command.Parameters.Add(new NpgsqlParameter { Value = relation.Columns.Select(c => c.TypeModifier).ToArray() });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var types = new List<PgType>();
        while (await reader.ReadAsync(ct))
            types.Add(new PgType(reader.GetString(0), reader.GetChar(1), reader.GetFieldValue<uint>(2), reader.GetInt32(3), reader.GetFieldValue<uint>(4),
                reader.GetBoolean(5), reader.GetChar(6)));
        if (types.Count != relation.Columns.Count)
            throw new CaptureException($"Table {relation.Table} has a column whose type the catalog does not know (dropped while capturing?).", retryable: true);
        return types.ToArray();
    }

    private async Task<Dictionary<string, PgAttribute>> DescribeAttributesAsync(uint relationId, CancellationToken ct)
    {
        const string sql = """
            SELECT a.attname, a.attnotnull, coalesce(a.attnum = ANY(i.indkey), false), a.attnum::int4, pg_get_expr(d.adbin, d.adrelid)
            FROM pg_attribute a
            LEFT JOIN pg_index i ON i.indrelid = a.attrelid AND i.indisprimary
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.attgenerated = ''
            WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped
            """;
        await using var command = new NpgsqlCommand(sql, catalog);
        command.Parameters.Add(new NpgsqlParameter { Value = relationId, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Oid });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var attributes = new Dictionary<string, PgAttribute>(StringComparer.Ordinal);
        var expressions = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
        {
            attributes[reader.GetString(0)] = new PgAttribute(reader.GetBoolean(1), reader.GetBoolean(2), reader.GetInt32(3), null);
            if (!reader.IsDBNull(4) && ConstantDefault().IsMatch(reader.GetString(4)))
                expressions[reader.GetString(0)] = reader.GetString(4);
        }
        await reader.DisposeAsync();
        foreach (var (name, expression) in expressions)
            attributes[name] = attributes[name] with { Default = await EvaluateAsync(expression, ct) };
        return attributes;
    }

    /// <summary>A constant's canonical text (<c>'x'::character varying</c> → <c>x</c>, <c>true</c> → <c>t</c>), as the column's values travel.</summary>
    private async Task<string?> EvaluateAsync(string constant, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"SELECT ({constant})::text", catalog);
        return await command.ExecuteScalarAsync(ct) as string;
    }

    /// <summary>
    /// A default that is one literal with casts: the same value for every row, which a target can repeat. Anything
    /// else (a function call, CURRENT_TIMESTAMP, an expression) is computed per row and is not carried.
    /// </summary>
    [GeneratedRegex(@"^(?:'(?:[^']|'')*'|-?\d+(?:\.\d+)?(?:e[+-]?\d+)?|true|false)(?:::[a-z_ ]+(?:\[\])?)*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ConstantDefault();

    /// <param name="IsArray">A true array (read by <c>array_in</c>; not int2vector or oidvector, which print space-separated).</param>
    private readonly record struct PgType(string Name, char TypType, uint ElementOid, int TypeModifier, uint Oid, bool IsArray, char ElementDelimiter);

    private readonly record struct PgAttribute(bool NotNull, bool InPrimaryKey, int? Number, string? Default);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL type {Type} (first seen in {Column}) has no mapping: its values travel as text")]
    private static partial void LogUnknownType(ILogger logger, string type, string column);
}
