using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Cdc.Appliers.Writing.Evolution;
using Cdc.Sql;
using Cdc.Values;
using Cdc.Model;

namespace Cdc.Appliers.Writing;

/// <summary>
/// MySQL/MariaDB targets: backquoted names, tables directly in the target database (the source schema is dropped:
/// the database is the container), positional <c>?</c> parameters, <c>INSERT ... ON DUPLICATE KEY UPDATE</c>,
/// <c>&lt;=&gt;</c> for null-safe matching, <c>LIMIT 1</c> for tables without a key, and <c>DELETE FROM</c> for a
/// truncate (TRUNCATE would commit the transaction implicitly). Column types per kind are in README.md,
/// "Types across engines"; values go through <see cref="MySqlValues"/>. MariaDB's own INET4, INET6 and UUID travel as
/// their text (<see cref="ColumnKind.Text"/> with that source type) and take that type again on a target that has it.
/// </summary>
public sealed partial class MySqlDialect : SqlDialect
{
    /// <summary>
    /// MariaDB types whose text a MariaDB source sends (PostgreSQL's uuid is <see cref="ColumnKind.Uuid"/>, not one of
    /// these: MariaDB's UUID refuses some values PostgreSQL's holds, so it stays CHAR(36)).
    /// </summary>
    private static readonly HashSet<string> MariaDbTextTypes = new(["inet4", "inet6", "uuid"], StringComparer.Ordinal);

    /// <summary>The data type plugins of the target (MariaDB's INET4, INET6, UUID), read once.</summary>
    private IReadOnlySet<string>? _targetTypes;

    /// <summary>Longest VARCHAR kept as such outside keys: wider text goes to LONGTEXT, away from the 64 KiB row limit.</summary>
    private const int InlineLength = 255;

    /// <summary>Longest key column in characters: InnoDB keys hold 3072 bytes, 768 utf8mb4 characters.</summary>
    private const int KeyLength = 768;

    public override string Quote(string identifier) => MySqlQuoting.Identifier(identifier);

    public override string TableName(TableId table) => MySqlQuoting.TableName(table.Name);

    public override IEnumerable<string> CreateContainer(TableId table) => [];

    public override string ColumnType(ColumnDefinition column) => column.Kind switch
    {
        ColumnKind.Boolean => "BOOLEAN",
        ColumnKind.Int16 => "SMALLINT",
        ColumnKind.Int32 => "INT",
        ColumnKind.Int64 => "BIGINT",
        ColumnKind.Float32 => "FLOAT",
        ColumnKind.Float64 => "DOUBLE",
        ColumnKind.Decimal when column.Precision is <= 65 and > 0 && column.Scale is null or <= 30 => $"DECIMAL({column.Precision},{column.Scale ?? 0})",
        ColumnKind.Decimal or ColumnKind.Numeric => "DECIMAL(65,30)",
        // A MySQL TIME travels as an interval (see the capturer's type mapping); other intervals are text.
        ColumnKind.Interval when column.SourceType.StartsWith("time", StringComparison.Ordinal) => $"TIME({column.Precision ?? 6})",
        ColumnKind.Text when HasSourceType(column) => column.SourceType.ToUpperInvariant(),
        ColumnKind.String or ColumnKind.Text or ColumnKind.Enum or ColumnKind.Interval => Text(column),
        ColumnKind.Bytes when column.IsKey => $"VARBINARY({Math.Min(column.Length ?? InlineLength, KeyLength * 4)})",
        ColumnKind.Bytes when column.Length is <= InlineLength => $"VARBINARY({column.Length})",
        ColumnKind.Bytes => "LONGBLOB",
        ColumnKind.Uuid => "CHAR(36)",
        ColumnKind.Date => "DATE",
        ColumnKind.Time => $"TIME({column.Precision ?? 6})",
        ColumnKind.Timestamp or ColumnKind.TimestampTz => $"DATETIME({column.Precision ?? 6})",
        ColumnKind.Json or ColumnKind.Array => "JSON",
        _ => "LONGTEXT",
    };

    public override async Task LearnTypesAsync(DbConnection connection, IEnumerable<ColumnDefinition> columns, CancellationToken ct)
    {
        if (_targetTypes is not null || !columns.Any(c => c.Kind == ColumnKind.Text && MariaDbTextTypes.Contains(c.SourceType)))
            return;
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT LOWER(PLUGIN_NAME) FROM information_schema.PLUGINS WHERE PLUGIN_TYPE = 'DATA TYPE' AND PLUGIN_STATUS = 'ACTIVE'";
        await using var reader = await command.ExecuteReaderAsync(ct);
        var types = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
            types.Add(reader.GetString(0));
        _targetTypes = types;
    }

    private bool HasSourceType(ColumnDefinition column) =>
        MariaDbTextTypes.Contains(column.SourceType) && _targetTypes?.Contains(column.SourceType) == true;

    public override string Parameter(int index, ColumnDefinition column) => "?";

    public override object ParameterValue(ColumnDefinition column, object value) => MySqlValues.ToParameter(column, value);

    public override string NullSafeEquals(ColumnDefinition column, string parameter) => $"{Quote(column.Name)} <=> {parameter}";

    public override string Upsert(string table, IReadOnlyList<ColumnDefinition> insert, IReadOnlyList<IReadOnlyList<string>> rows, IReadOnlyList<ColumnDefinition> key, IReadOnlyList<ColumnDefinition> update) =>
        InsertOrUpdate(table, insert, Values(rows), key, update);

    /// <summary>
    /// MySQL has no data-modifying CTE, so this is two statements in one command, inside the applier's transaction: the
    /// UPDATE of the old row, then the upsert of the new row only when the UPDATE changed nothing (<c>ROW_COUNT() = 0</c>:
    /// a key move always changes the row it finds, whether the session counts changed or found rows). Parameters stay in
    /// the order the caller numbered them: set, where, values.
    /// </summary>
    public override string UpdateElseUpsert(string table, string set, string where, IReadOnlyList<ColumnDefinition> insert, IReadOnlyList<string> values,
        IReadOnlyList<ColumnDefinition> key, IReadOnlyList<ColumnDefinition> update) =>
        $"UPDATE {table} SET {set} WHERE {where}; " +
        InsertOrUpdate(table, insert, $"SELECT {string.Join(", ", values)} FROM DUAL WHERE ROW_COUNT() = 0", key, update);

    private string InsertOrUpdate(string table, IReadOnlyList<ColumnDefinition> insert, string rows, IReadOnlyList<ColumnDefinition> key, IReadOnlyList<ColumnDefinition> update)
    {
        var sql = $"INSERT INTO {table} ({string.Join(", ", insert.Select(c => Quote(c.Name)))}) {rows}";
        if (key.Count == 0)
            return sql;
        // With nothing but key columns, "update" the key to itself: MySQL's way to do nothing on a duplicate.
        var set = update.Count == 0 ? key.Take(1) : update;
        return sql + " ON DUPLICATE KEY UPDATE " + string.Join(", ", set.Select(c => $"{Quote(c.Name)} = VALUES({Quote(c.Name)})"));
    }

    public override string ChangeOneRow(string table, string? set, string where) =>
        set is null ? $"DELETE FROM {table} WHERE {where} LIMIT 1" : $"UPDATE {table} SET {set} WHERE {where} LIMIT 1";

    /// <summary>
    /// DELETE (TRUNCATE would commit), with foreign key checks off for these statements only: InnoDB checks each deleted
    /// row at once, so tables that reference each other (or themselves) cannot be emptied in any order otherwise.
    /// </summary>
    /// <summary>
    /// Class 22 (1264 out of range, 1292 incorrect date, 1406 too long, ...), and the strict-mode value errors whose
    /// SQLSTATE is not: 1048 NULL in a NOT NULL column, 1265 data truncated, 1366 incorrect value (a character the
    /// column's charset lacks), 1367 illegal value, 1411 incorrect value for a function, 3819 (MySQL) and 4025 (MariaDB)
    /// a CHECK constraint.
    /// </summary>
    public override bool RefusesValue(DbException error) =>
        base.RefusesValue(error) || error is MySqlConnector.MySqlException { ErrorCode: var code } && (int)code is 1048 or 1265 or 1366 or 1367 or 1411 or 3819 or 4025;

    public override string Truncate(IReadOnlyList<string> tables) =>
        $"SET SESSION foreign_key_checks = 0; {string.Concat(tables.Select(t => $"DELETE FROM {t}; "))}SET SESSION foreign_key_checks = 1";

    /// <summary>InnoDB's locking read waits for uncommitted rows in the range and locks the gap against new ones.</summary>
    public override string LockingRead => " FOR UPDATE";

    /// <summary>Keys need a bounded VARCHAR; short text stays VARCHAR; the rest is LONGTEXT.</summary>
    /// <summary>A session-level lock named after a hash of the name: MySQL lock names are limited to 64 characters.</summary>
    public override string TryLock(string name) => $"SELECT COALESCE(GET_LOCK(CONCAT('cdc:', SHA1({name})), 0), 0)";

    public override (string Sql, IReadOnlyList<object> Parameters) SelectColumns(TableId table) => ("""
        SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE = 'YES'
        FROM information_schema.COLUMNS
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?
        ORDER BY ORDINAL_POSITION
        """, [table.Name]);

    public override string SelectKey => """
        SELECT COLUMN_NAME, CONSTRAINT_NAME
        FROM information_schema.KEY_COLUMN_USAGE
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = @table AND CONSTRAINT_NAME = 'PRIMARY'
        ORDER BY ORDINAL_POSITION
        """;

    public override string KeyLookupName(TableId table) => table.Name;

    /// <summary>Key columns take bounded types here (<see cref="KeyLength"/>): a column that joins the key is retyped in the same statement.</summary>
    public override string ReplaceKey(string table, TargetKey current, IReadOnlyList<ColumnDefinition> key)
    {
        var changes = new List<string>();
        if (current.Columns.Count > 0)
            changes.Add("DROP PRIMARY KEY");
        changes.AddRange(key.Select(c => $"MODIFY COLUMN {Quote(c.Name)} {ColumnType(c)} NOT NULL" + (c.Default is { } value ? $" DEFAULT {Literal(c, value)}" : "")));
        if (key.Count > 0)
            changes.Add($"ADD PRIMARY KEY ({string.Join(", ", key.Select(c => Quote(c.Name)))})");
        return $"ALTER TABLE {table} {string.Join(", ", changes)}";
    }

    /// <summary>Compared without integer display widths (<c>int(11)</c>) and with MariaDB's spellings of BOOLEAN and JSON.</summary>
    public override bool HasType(TargetColumn actual, ColumnDefinition column) =>
        ComparableType(actual.Type) == ComparableType(ColumnType(column));

    /// <summary>The default's canonical (PostgreSQL) text turned into the value this dialect sends, then into SQL.</summary>
    public override string Literal(ColumnDefinition column, string canonicalText) =>
        MySqlValues.ToParameter(column, CanonicalText.Parse(column, canonicalText)) switch
        {
            bool flag => flag ? "TRUE" : "FALSE",
            byte[] bytes => MySqlQuoting.Literal(bytes),
            // TEXT defaults are expressions to the server (see MySqlQuoting.DefaultText); other types take the literal.
            string text when ColumnType(column) == "LONGTEXT" => MySqlQuoting.DefaultText(text),
            string text => MySqlQuoting.Literal(text),
            IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
            var other => MySqlQuoting.Literal(Convert.ToString(other, CultureInfo.InvariantCulture) ?? ""),
        };

    /// <summary>MODIFY restates the whole column, so nullability and default go with the new type.</summary>
    public override string AlterColumnType(string table, ColumnDefinition column) =>
        $"ALTER TABLE {table} MODIFY COLUMN {Quote(column.Name)} {ColumnType(column)}" +
        (column.Default is { } value ? $" DEFAULT {Literal(column, value)}" : "") +
        (column.Nullable && !column.IsKey ? " NULL" : " NOT NULL");

    public override string DropNotNull(string table, TargetColumn column) =>
        $"ALTER TABLE {table} MODIFY COLUMN {Quote(column.Name)} {column.Type} NULL";

    private static string ComparableType(string type)
    {
        var comparable = IntegerDisplayWidth().Replace(type.ToLowerInvariant(), "$1");
        return comparable switch
        {
            "boolean" or "bool" => "tinyint",
            "json" => "longtext",
            _ => comparable,
        };
    }

    [GeneratedRegex(@"^(tinyint|smallint|mediumint|int|bigint)\(\d+\)")]
    private static partial Regex IntegerDisplayWidth();

    private static string Text(ColumnDefinition column)
    {
        if (column.Kind == ColumnKind.Enum)
            return "VARCHAR(255)";
        if (column.IsKey)
            return $"VARCHAR({Math.Min(column.Length ?? InlineLength, KeyLength)})";
        return column.Length is <= InlineLength ? $"VARCHAR({column.Length})" : "LONGTEXT";
    }
}
