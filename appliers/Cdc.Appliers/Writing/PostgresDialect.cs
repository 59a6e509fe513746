using System.Collections.Concurrent;
using System.Data.Common;
using Cdc.Appliers.Writing.Evolution;
using Cdc.Model;
using Cdc.Sql;
using Cdc.Values;
using Npgsql;

namespace Cdc.Appliers.Writing;

/// <summary>
/// PostgreSQL targets: values travel as text with an explicit cast to the column's type (one formatter for every kind,
/// ±infinity included), bytes as bytea; tables keep their source schema. A column whose kind is the source's text form
/// (<see cref="ColumnKind.Text"/>) or an array takes the source's own type when the target has it (geometric types,
/// ranges, <c>inet</c>, <c>hstore</c> with its extension, a composite type created there), else text.
/// </summary>
public sealed class PostgresDialect : SqlDialect
{
    private readonly ConcurrentDictionary<string, bool> _targetHasType = new(StringComparer.Ordinal);

    public override string Quote(string identifier) => PostgresQuoting.Identifier(identifier);

    public override bool TransactionalDdl => true;

    public override string TableName(TableId table) => $"{Quote(table.Schema)}.{Quote(table.Name)}";

    public override IEnumerable<string> CreateContainer(TableId table) => [$"CREATE SCHEMA IF NOT EXISTS {Quote(table.Schema)}"];

    public override string ColumnType(ColumnDefinition column) =>
        HasSourceType(column) ? column.SourceType : TypeOf(column.Kind, column);

    public override async Task LearnTypesAsync(DbConnection connection, IEnumerable<ColumnDefinition> columns, CancellationToken ct)
    {
        var unknown = columns.Where(TakesSourceType).Select(c => c.SourceType).Distinct().Where(t => !_targetHasType.ContainsKey(t)).ToArray();
        if (unknown.Length == 0)
            return;
        await using var command = new NpgsqlCommand("SELECT t, to_regtype(t) IS NOT NULL FROM unnest($1::text[]) AS t", (NpgsqlConnection)connection);
        command.Parameters.Add(new NpgsqlParameter { Value = unknown });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            _targetHasType[reader.GetString(0)] = reader.GetBoolean(1);
    }

    /// <summary>
    /// PostgreSQL sources give these kinds with PostgreSQL's spelling of the type; MariaDB sources give Text only for
    /// its <c>inet4</c>, <c>inet6</c> and <c>uuid</c>, of which PostgreSQL has <c>uuid</c> (the same text) and not the others.
    /// </summary>
    private static bool TakesSourceType(ColumnDefinition column) => column.Kind is ColumnKind.Text or ColumnKind.Array;

    private bool HasSourceType(ColumnDefinition column) =>
        TakesSourceType(column) && _targetHasType.TryGetValue(column.SourceType, out var has) && has;

    public override string Parameter(int index, ColumnDefinition column) =>
        column.Kind == ColumnKind.Bytes ? $"${index + 1}" : $"${index + 1}::{ColumnType(column)}";

    /// <summary>
    /// The source's own types get their text as an untyped literal, which the type's input function reads: as text,
    /// PostgreSQL would want the binary form (aclitem has none), and a cast from text is not always the input
    /// function (text::regclass refuses <c>-</c>, which regclass prints).
    /// </summary>
    public override void DescribeParameter(DbParameter parameter, ColumnDefinition column)
    {
        if (TakesSourceType(column))
            ((NpgsqlParameter)parameter).NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Unknown;
    }

    public override object ParameterValue(ColumnDefinition column, object value) =>
        column.Kind == ColumnKind.Bytes ? value : CanonicalText.Format(column, value);

    /// <summary>
    /// json, xml, point and others have no equality operator: those compare as text (a key column's type always has one,
    /// and keeps it, so that its index serves).
    /// </summary>
    public override string NullSafeEquals(ColumnDefinition column, string parameter) =>
        column.Kind == ColumnKind.Json || !column.IsKey && column.Kind is ColumnKind.Text or ColumnKind.Array
            ? $"{Quote(column.Name)}::text IS NOT DISTINCT FROM {parameter}::text"
            : $"{Quote(column.Name)} IS NOT DISTINCT FROM {parameter}";

    public override string Upsert(string table, IReadOnlyList<ColumnDefinition> insert, IReadOnlyList<IReadOnlyList<string>> rows, IReadOnlyList<ColumnDefinition> key, IReadOnlyList<ColumnDefinition> update) =>
        InsertOrUpdate(table, insert, Values(rows), key, update);

    /// <summary>"ON CONFLICT DO UPDATE command cannot affect row a second time" (cardinality_violation).</summary>
    public override bool ChangedRowTwice(DbException error) => error is PostgresException { SqlState: PostgresErrorCodes.CardinalityViolation };

    /// <summary>Class 22, and a NULL in a NOT NULL column or a value a CHECK constraint refuses (23502, 23514).</summary>
    public override bool RefusesValue(DbException error) =>
        base.RefusesValue(error) || error.SqlState is PostgresErrorCodes.NotNullViolation or PostgresErrorCodes.CheckViolation;

    public override string UpdateElseUpsert(string table, string set, string where, IReadOnlyList<ColumnDefinition> insert, IReadOnlyList<string> values,
        IReadOnlyList<ColumnDefinition> key, IReadOnlyList<ColumnDefinition> update) =>
        $"WITH moved AS (UPDATE {table} SET {set} WHERE {where} RETURNING 1) " +
        InsertOrUpdate(table, insert, $"SELECT {string.Join(", ", values)} WHERE NOT EXISTS (SELECT 1 FROM moved)", key, update);

    private string InsertOrUpdate(string table, IReadOnlyList<ColumnDefinition> insert, string rows, IReadOnlyList<ColumnDefinition> key, IReadOnlyList<ColumnDefinition> update)
    {
        var sql = $"INSERT INTO {table} ({string.Join(", ", insert.Select(c => Quote(c.Name)))}) {rows}";
        if (key.Count == 0)
            return sql;
        var conflict = $" ON CONFLICT ({string.Join(", ", key.Select(c => Quote(c.Name)))})";
        return update.Count == 0
            ? sql + conflict + " DO NOTHING"
            : sql + conflict + " DO UPDATE SET " + string.Join(", ", update.Select(c => $"{Quote(c.Name)} = EXCLUDED.{Quote(c.Name)}"));
    }

    public override string ChangeOneRow(string table, string? set, string where)
    {
        var oneRow = $"ctid = (SELECT ctid FROM {table} WHERE {where} LIMIT 1)";
        return set is null ? $"DELETE FROM {table} WHERE {oneRow}" : $"UPDATE {table} SET {set} WHERE {oneRow}";
    }

    /// <summary>One statement: PostgreSQL checks the foreign keys between the tables it truncates together.</summary>
    public override string Truncate(IReadOnlyList<string> tables) => $"TRUNCATE {string.Join(", ", tables)}";

    /// <summary>Conflicts with the ROW EXCLUSIVE lock of every writer: waits for them to commit, and keeps new ones out.</summary>
    public override string LockForTruncate(IReadOnlyList<string> tables) => $"LOCK TABLE {string.Join(", ", tables)} IN SHARE ROW EXCLUSIVE MODE";

    // Two int4 keys: a fixed class for Cdc's locks, and the hash of the name.
    public override string TryLock(string name) => $"SELECT pg_try_advisory_lock(1667523427, hashtext({name}))::int";

    public override (string Sql, IReadOnlyList<object> Parameters) SelectColumns(TableId table) => ("""
        SELECT a.attname::text, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname::text = $1 AND c.relname::text = $2 AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum
        """, [table.Schema, table.Name]);

    public override string SelectKey => """
        SELECT a.attname::text, c.conname::text
        FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
        WHERE c.conrelid = to_regclass(@table) AND c.contype = 'p'
        ORDER BY array_position(c.conkey, a.attnum)
        """;

    public override string KeyLookupName(TableId table) => TableName(table);

    public override string ReplaceKey(string table, TargetKey current, IReadOnlyList<ColumnDefinition> key)
    {
        var changes = new List<string>();
        if (current.Constraint is { } constraint)
            changes.Add($"DROP CONSTRAINT {Quote(constraint)}");
        if (key.Count > 0)
            changes.Add($"ADD PRIMARY KEY ({string.Join(", ", key.Select(c => Quote(c.Name)))})");
        return $"ALTER TABLE {table} {string.Join(", ", changes)}";
    }

    /// <summary>format_type spells some types longer than <see cref="ColumnType"/> does; compared in ColumnType's spelling.</summary>
    public override bool HasType(TargetColumn actual, ColumnDefinition column)
    {
        if (actual.Type == ColumnType(column))
            return true;
        var type = actual.Type
            .Replace("character varying", "varchar", StringComparison.Ordinal)
            .Replace(" without time zone", "", StringComparison.Ordinal);
        if (type.EndsWith(" with time zone", StringComparison.Ordinal))
            type = type.Replace("timestamp", "timestamptz", StringComparison.Ordinal).Replace(" with time zone", "", StringComparison.Ordinal);
        return type == ColumnType(column);
    }

    public override string Literal(ColumnDefinition column, string canonicalText) =>
        column.Kind == ColumnKind.Bytes ? $"{PostgresQuoting.Literal(canonicalText)}::bytea" : $"{PostgresQuoting.Literal(canonicalText)}::{ColumnType(column)}";

    public override string AlterColumnType(string table, ColumnDefinition column) =>
        $"ALTER TABLE {table} ALTER COLUMN {Quote(column.Name)} TYPE {ColumnType(column)} USING {Quote(column.Name)}::{ColumnType(column)}";

    public override string DropNotNull(string table, TargetColumn column) => $"ALTER TABLE {table} ALTER COLUMN {Quote(column.Name)} DROP NOT NULL";

    private static string TypeOf(ColumnKind kind, ColumnDefinition column) => kind switch
    {
        ColumnKind.Boolean => "boolean",
        ColumnKind.Int16 => "smallint",
        ColumnKind.Int32 => "integer",
        ColumnKind.Int64 when column.SourceType == "oid" => "oid",
        ColumnKind.Int64 => "bigint",
        ColumnKind.Float32 => "real",
        ColumnKind.Float64 => "double precision",
        ColumnKind.Decimal => $"numeric({column.Precision},{column.Scale ?? 0})",
        ColumnKind.Numeric => "numeric",
        ColumnKind.String when column.SourceType.StartsWith("character(", StringComparison.Ordinal) => $"character({column.Length})",
        ColumnKind.String when column.SourceType is "\"char\"" or "name" or "character varying" => column.SourceType, // spellings only PostgreSQL gives
        ColumnKind.String when column.Length is { } length => $"varchar({length})",
        ColumnKind.Bytes => "bytea",
        ColumnKind.Uuid => "uuid",
        ColumnKind.Date => "date",
        ColumnKind.Time => WithPrecision("time", column),
        ColumnKind.Timestamp => WithPrecision("timestamp", column),
        ColumnKind.TimestampTz => WithPrecision("timestamptz", column),
        ColumnKind.Interval => "interval",
        ColumnKind.Json => column.SourceType is "json" or "json[]" ? "json" : "jsonb",
        ColumnKind.Array => TypeOf(column.ElementKind!.Value, column with { Length = null }) + "[]",
        _ => "text",
    };

    private static string WithPrecision(string type, ColumnDefinition column) =>
        column.Precision is { } p and < 6 ? $"{type}({p})" : type;
}
