using System.Data.Common;
using Cdc.Appliers.Writing.Evolution;
using Cdc.Model;

namespace Cdc.Appliers.Writing;

/// <summary>
/// What differs between target engines when changes are written as SQL: quoting, column types, parameters and
/// their casts, upsert, matching one row of a table without a key, a truncate that stays inside the transaction, and
/// the DDL that evolves a table (reading its columns, adding, widening, renaming, dropping them).
/// Everything else (which statement a change needs, batching, the offset table, what to evolve) is shared.
/// </summary>
public abstract class SqlDialect
{
    /// <summary>The identifier quoted for this engine (<see cref="Cdc.Sql"/> holds the one quoting function per engine).</summary>
    /// <exception cref="Cdc.Sql.UnrepresentableNameException">The engine cannot hold the name as it is.</exception>
    public abstract string Quote(string identifier);

    /// <summary>Whether DDL runs inside a transaction (PostgreSQL) rather than committing it (MySQL, MariaDB).</summary>
    public virtual bool TransactionalDdl => false;

    /// <summary>The target table a source table is written to.</summary>
    public abstract string TableName(TableId table);

    /// <summary>The statements that create the table's container (a schema) when the engine has one.</summary>
    public abstract IEnumerable<string> CreateContainer(TableId table);

    public abstract string ColumnType(ColumnDefinition column);

    /// <summary>
    /// Asks the target which of the columns' source types it has, before <see cref="ColumnType"/> is asked for them:
    /// an engine that has the source's own type takes it (the value's text casts back exactly).
    /// </summary>
    public virtual Task LearnTypesAsync(DbConnection connection, IEnumerable<ColumnDefinition> columns, CancellationToken ct) => Task.CompletedTask;

    /// <summary>The placeholder of parameter number <paramref name="index"/> (from 0), with any cast the engine needs.</summary>
    public abstract string Parameter(int index, ColumnDefinition column);

    /// <summary>Sets what the driver needs to know of a column's parameter beyond its value (its wire type).</summary>
    public virtual void DescribeParameter(DbParameter parameter, ColumnDefinition column)
    {
    }

    /// <summary>A column value as the driver should send it.</summary>
    public abstract object ParameterValue(ColumnDefinition column, object value);

    /// <summary><c>column = parameter</c> where NULL matches NULL.</summary>
    public abstract string NullSafeEquals(ColumnDefinition column, string parameter);

    /// <summary>
    /// An insert of one or more rows (their placeholders, in order) that updates <paramref name="update"/> when a row with
    /// the same key exists. The rows never repeat a key: PostgreSQL refuses to touch one row twice in one statement.
    /// </summary>
    public abstract string Upsert(string table, IReadOnlyList<ColumnDefinition> insert, IReadOnlyList<IReadOnlyList<string>> rows, IReadOnlyList<ColumnDefinition> key, IReadOnlyList<ColumnDefinition> update);

    /// <summary>
    /// Whether a statement failed because it would change one target row twice: two keys that differ at the source are
    /// one key on the target (a target key column with a case-insensitive collation, say). Separate statements apply
    /// such rows one after the other.
    /// </summary>
    public virtual bool ChangedRowTwice(DbException error) => false;

    /// <summary>
    /// Whether the target refused a value of the statement (SQLSTATE class 22, data exception, on every engine), which it
    /// would refuse again on every retry: the stream stops with the change named instead of retrying for ever.
    /// </summary>
    public virtual bool RefusesValue(DbException error) => error.SqlState?.StartsWith("22", StringComparison.Ordinal) == true;

    /// <summary>The <c>VALUES</c> list of the rows.</summary>
    protected static string Values(IReadOnlyList<IReadOnlyList<string>> rows) =>
        "VALUES " + string.Join(", ", rows.Select(values => $"({string.Join(", ", values)})"));

    /// <summary>
    /// One statement for an update that moved a key: UPDATE the old row when the target has it (so target triggers and
    /// foreign keys see an update), otherwise upsert the new row (the old row is not there yet: a snapshot chunk read
    /// while streaming leaves a row the log changed meanwhile to the log). Null when the engine cannot say it in one
    /// statement: the caller then updates the old row only.
    /// </summary>
    public virtual string? UpdateElseUpsert(string table, string set, string where, IReadOnlyList<ColumnDefinition> insert, IReadOnlyList<string> values,
        IReadOnlyList<ColumnDefinition> key, IReadOnlyList<ColumnDefinition> update) => null;

    /// <summary>An UPDATE (with <paramref name="set"/>) or DELETE (without) of the first row matching <paramref name="where"/>.</summary>
    public abstract string ChangeOneRow(string table, string? set, string where);

    /// <summary>
    /// Empties the tables inside the applier's transaction, as one operation: tables that reference each other (a source's
    /// <c>TRUNCATE a, b</c>) are emptied together, so their foreign keys in the target do not stop it.
    /// </summary>
    public abstract string Truncate(IReadOnlyList<string> tables);

    /// <summary>
    /// A statement that keeps other sessions from writing the tables until the transaction ends, taken before the
    /// applier decides whether it may truncate them (see <see cref="TruncateGuard"/>); null where <see cref="LockingRead"/> does it.
    /// </summary>
    public virtual string? LockForTruncate(IReadOnlyList<string> tables) => null;

    /// <summary>What makes a SELECT a locking read that waits for other sessions' uncommitted rows in its range ("" for none).</summary>
    public virtual string LockingRead => "";

    /// <summary>
    /// A query returning 1 when it took the session-level lock named by parameter <paramref name="name"/> without
    /// waiting, 0 when another session holds it; null when the engine's writer has no such lock (then nothing is locked).
    /// </summary>
    public virtual string? TryLock(string name) => null;

    public string CreateTable(TableDefinition table)
    {
        var columns = table.Columns.Select(c =>
            $"{Quote(c.Name)} {ColumnType(c)}{(c.Default is { } value ? $" DEFAULT {Literal(c, value)}" : "")}{(c.Nullable && !c.IsKey ? "" : " NOT NULL")}").ToList();
        if (table.HasKey)
            columns.Add($"PRIMARY KEY ({string.Join(", ", table.KeyIndexes.Select(i => Quote(table.Columns[i].Name)))})");
        return $"CREATE TABLE IF NOT EXISTS {TableName(table.Id)} ({string.Join(", ", columns)})";
    }

    /// <summary>
    /// A query for the table's columns, in order: name, the catalog's type text, nullable (boolean). No rows when the
    /// table does not exist. The table's name travels as the query's positional parameters, never in its text.
    /// </summary>
    public abstract (string Sql, IReadOnlyList<object> Parameters) SelectColumns(TableId table);

    /// <summary>
    /// A query for the table's primary key: one row per key column, in key order (column name, constraint name), taking
    /// the table as parameter <c>@table</c> (<see cref="KeyLookupName"/>). No rows when the table has no primary key.
    /// </summary>
    public abstract string SelectKey { get; }

    /// <summary>The value of the <c>@table</c> parameter of <see cref="SelectKey"/>.</summary>
    public abstract string KeyLookupName(TableId table);

    /// <summary>
    /// The statement that replaces the target table's primary key <paramref name="current"/> (none when it has no
    /// columns) with <paramref name="key"/> (none when empty: the source table lost its key).
    /// </summary>
    public abstract string ReplaceKey(string table, TargetKey current, IReadOnlyList<ColumnDefinition> key);

    /// <summary>Whether a target column already has the type <see cref="ColumnType"/> gives <paramref name="column"/>.</summary>
    public abstract bool HasType(TargetColumn actual, ColumnDefinition column);

    /// <summary>A constant of the column's type from its canonical text (as <see cref="ColumnDefinition.Default"/> holds it).</summary>
    public abstract string Literal(ColumnDefinition column, string canonicalText);

    /// <summary>Changes a column to the (wider) type of <paramref name="column"/>, keeping its values and nullability.</summary>
    public abstract string AlterColumnType(string table, ColumnDefinition column);

    /// <summary>Lets a column take NULL.</summary>
    public abstract string DropNotNull(string table, TargetColumn column);

    /// <summary>
    /// Adds a column: with its constant default when it has one (existing rows take it, as at the source), NOT NULL only
    /// when that default fills existing rows.
    /// </summary>
    public virtual string AddColumn(string table, ColumnDefinition column)
    {
        var sql = $"ALTER TABLE {table} ADD COLUMN {Quote(column.Name)} {ColumnType(column)}";
        if (column.Default is { } value)
            sql += $" DEFAULT {Literal(column, value)}";
        return column is { Nullable: false, Default: not null } ? sql + " NOT NULL" : sql;
    }

    public virtual string RenameColumn(string table, string from, string to) => $"ALTER TABLE {table} RENAME COLUMN {Quote(from)} TO {Quote(to)}";

    public virtual string DropColumn(string table, string column) => $"ALTER TABLE {table} DROP COLUMN {Quote(column)}";
}
