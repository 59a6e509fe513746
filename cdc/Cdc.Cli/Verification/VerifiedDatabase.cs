using System.Data.Common;
using System.Runtime.CompilerServices;
using Cdc.Capture;
using Cdc.Capture.Hosting;
using Cdc.Connections;
using Cdc.Model;
using Cdc.Sql;

namespace Cdc.Cli.Verification;

/// <summary>
/// One side of <c>cdc verify</c>: a PostgreSQL or MySQL/MariaDB database whose tables are read in primary-key order,
/// whole or by key range. Keys are ordered as <see cref="KeyOrder"/> says on both engines, whatever the columns'
/// collations: text-like key columns by the bytes of their UTF-8 text. What differs per engine is the
/// <see cref="VerifyDialect"/>'s; both speak information_schema.
/// </summary>
internal sealed class VerifiedDatabase(DatabaseUri uri, VerifyDialect dialect, DbConnection connection) : IAsyncDisposable
{
    public DatabaseUri Uri => uri;

    public static async Task<VerifiedDatabase> OpenAsync(DatabaseUri uri, CancellationToken ct)
    {
        var dialect = SourceCaptures.For(uri.Engine).VerifyDialect;
        var connection = dialect.Connect(uri);
        try
        {
            await connection.OpenAsync(ct);
            // Times in UTC on both sides, as the appliers write them (MariaDB TIMESTAMP values read in the session's zone).
            await using var session = connection.CreateCommand();
            session.CommandText = dialect.UtcSession;
            await session.ExecuteNonQueryAsync(ct);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        return new VerifiedDatabase(uri, dialect, connection);
    }

    /// <summary>
    /// Every user table with a primary key, with its key columns in key order; Cdc's own bookkeeping left out: the
    /// appliers' offsets (cdc_offsets, on targets) and the capturer's snapshot progress (cdc_snapshot, on sources).
    /// </summary>
    public async Task<Dictionary<TableId, string[]>> TablesWithKeysAsync(CancellationToken ct)
    {
        var sql = $"""
            SELECT tc.table_schema, tc.table_name, kcu.column_name
            FROM information_schema.table_constraints tc
            JOIN information_schema.key_column_usage kcu
              ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema AND kcu.table_name = tc.table_name
            WHERE tc.constraint_type = 'PRIMARY KEY'
              AND tc.table_schema NOT IN ('pg_catalog', 'information_schema', 'mysql', 'performance_schema', 'sys')
              AND tc.table_name NOT IN ('{OwnTables.Offsets}', '{OwnTables.TableFeeds}', '{OwnTables.Halts}', '{OwnTables.Snapshot}'){dialect.ThisDatabase}
            ORDER BY tc.table_schema, tc.table_name, kcu.ordinal_position
            """;
        var tables = new Dictionary<TableId, List<string>>();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var id = new TableId(reader.GetString(0), reader.GetString(1));
            if (!tables.TryGetValue(id, out var key))
                tables[id] = key = [];
            key.Add(reader.GetString(2));
        }
        return tables.ToDictionary(t => t.Key, t => t.Value.ToArray());
    }

    public async Task<long> CountAsync(TableId table, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {Name(table)}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The rows of the table in <see cref="KeyOrder"/> (all, or those whose key lies in [from, to)): the key values, the
    /// key as text and the digest of the columns <paramref name="compared"/>.
    /// </summary>
    public async IAsyncEnumerable<VerifiedRow> RowsAsync(
        TableId table, VerifiedColumn[] key, string[] compared, object?[]? from, object?[]? to, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        var order = key.Select(Ordered).ToArray();
        var where = new List<string>();
        if (from is not null)
            where.Add($"({string.Join(", ", order)}) >= ({Bind(command, "f", key, from)})");
        if (to is not null)
            where.Add($"({string.Join(", ", order)}) < ({Bind(command, "t", key, to)})");
        command.CommandText = $"SELECT {string.Join(", ", key.Select(k => k.Name).Concat(compared).Select(Quote))} FROM {Name(table)}" +
                              (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "") +
                              $" ORDER BY {string.Join(", ", order)}";
        await using var reader = await command.ExecuteReaderAsync(ct);
        var values = new object?[key.Length + compared.Length];
        while (await reader.ReadAsync(ct))
        {
            for (var i = 0; i < values.Length; i++)
                values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            var keyValues = values[..key.Length];
            yield return new VerifiedRow(keyValues, RowDigest.KeyText(keyValues), RowDigest.Of(values.AsSpan(key.Length)));
        }
    }

    /// <summary>The table's columns with their types, or an empty array when it does not exist.</summary>
    public async Task<VerifiedColumn[]> ColumnsAsync(TableId table, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        var schema = dialect.SchemaOf(table);
        command.CommandText = $"SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = {schema} AND table_name = @table ORDER BY ordinal_position";
        foreach (var (name, value) in new[] { ("@schema", table.Schema), ("@table", table.Name) })
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        await using var reader = await command.ExecuteReaderAsync(ct);
        var columns = new List<VerifiedColumn>();
        while (await reader.ReadAsync(ct))
            columns.Add(new VerifiedColumn(reader.GetString(0), reader.GetString(1).ToLowerInvariant()));
        return columns.ToArray();
    }

    /// <summary>A key column as it sorts in <see cref="KeyOrder"/>: natively when its type is a number, time or bytes; as the bytes of its UTF-8 text otherwise.</summary>
    private string Ordered(VerifiedColumn column) => IsText(column) ? dialect.OrderedAsText(Quote(column.Name)) : Quote(column.Name);

    private bool IsText(VerifiedColumn column) => !dialect.SortsNatively(column.Type);

    /// <summary>Binds a range bound's values, each as its column compares (text-like ones as text, or its UTF-8 bytes on MariaDB).</summary>
    private string Bind(DbCommand command, string prefix, VerifiedColumn[] key, object?[] values)
    {
        var names = new List<string>();
        for (var i = 0; i < key.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"@{prefix}{i}";
            parameter.Value = (values[i], IsText(key[i])) switch
            {
                (null, _) => DBNull.Value,
                ({ } text, true) => dialect.TextBound(KeyOrder.Text(text)),
                (DateTimeOffset time, false) => time.UtcDateTime,
                ({ } value, false) => value,
            };
            command.Parameters.Add(parameter);
            names.Add(parameter.ParameterName);
        }
        return string.Join(", ", names);
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();

    private string Name(TableId table) => dialect.Name(table);

    private string Quote(string identifier) => dialect.Quote(identifier);

}
