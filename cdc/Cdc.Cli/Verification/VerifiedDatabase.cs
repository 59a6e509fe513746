using System.Data.Common;
using Cdc.Connections;
using Cdc.Model;
using MySqlConnector;
using Npgsql;

namespace Cdc.Cli.Verification;

/// <summary>
/// One side of <c>cdc verify</c>: a PostgreSQL or MySQL/MariaDB database whose tables are read whole, in no particular
/// order (the comparison does not depend on collations, which differ between engines). Only the catalog query and
/// identifier quoting differ per engine; both speak information_schema.
/// </summary>
internal sealed class VerifiedDatabase(DatabaseUri uri, DbConnection connection) : IAsyncDisposable
{
    public DatabaseUri Uri => uri;

    public static async Task<VerifiedDatabase> OpenAsync(DatabaseUri uri, CancellationToken ct)
    {
        DbConnection connection = uri.Engine == DatabaseEngine.Postgres
            ? new NpgsqlConnection(uri.ToConnectionString())
            : new MySqlConnection(uri.ToConnectionString().Replace("Username=", "User ID=", StringComparison.Ordinal));
        try
        {
            await connection.OpenAsync(ct);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        return new VerifiedDatabase(uri, connection);
    }

    /// <summary>Every user table with a primary key, with its key columns in key order (the offset table left out).</summary>
    public async Task<Dictionary<TableId, string[]>> TablesWithKeysAsync(CancellationToken ct)
    {
        var thisDatabase = uri.Engine == DatabaseEngine.MySql ? " AND tc.table_schema = DATABASE()" : "";
        var sql = $"""
            SELECT tc.table_schema, tc.table_name, kcu.column_name
            FROM information_schema.table_constraints tc
            JOIN information_schema.key_column_usage kcu
              ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema AND kcu.table_name = tc.table_name
            WHERE tc.constraint_type = 'PRIMARY KEY'
              AND tc.table_schema NOT IN ('pg_catalog', 'information_schema', 'mysql', 'performance_schema', 'sys')
              AND tc.table_name <> 'cdc_offsets'{thisDatabase}
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

    /// <summary>Every row of the table: the key as text and the digest of the columns <paramref name="compared"/>.</summary>
    public async IAsyncEnumerable<(string Key, ulong Digest)> RowsAsync(
        TableId table, string[] key, string[] compared, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", key.Concat(compared).Select(Quote))} FROM {Name(table)}";
        await using var reader = await command.ExecuteReaderAsync(ct);
        var values = new object?[key.Length + compared.Length];
        while (await reader.ReadAsync(ct))
        {
            for (var i = 0; i < values.Length; i++)
                values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            yield return (RowDigest.KeyText(values.AsSpan(0, key.Length)), RowDigest.Of(values.AsSpan(key.Length)));
        }
    }

    /// <summary>The table's column names, or an empty array when it does not exist.</summary>
    public async Task<string[]> ColumnsAsync(TableId table, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT column_name FROM information_schema.columns WHERE table_schema = '{Escape(table.Schema)}' AND table_name = '{Escape(table.Name)}' ORDER BY ordinal_position";
        await using var reader = await command.ExecuteReaderAsync(ct);
        var columns = new List<string>();
        while (await reader.ReadAsync(ct))
            columns.Add(reader.GetString(0));
        return columns.ToArray();
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();

    private string Name(TableId table) => $"{Quote(table.Schema)}.{Quote(table.Name)}";

    private string Quote(string identifier) => uri.Engine == DatabaseEngine.Postgres
        ? "\"" + identifier.Replace("\"", "\"\"") + "\""
        : "`" + identifier.Replace("`", "``") + "`";

    private static string Escape(string text) => text.Replace("'", "''").Replace("\\", "\\\\");
}
