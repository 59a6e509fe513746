using Cdc.Connections;
using Npgsql;

namespace Cdc.IntegrationTests.Harness;

/// <summary>A database of its own on the test PostgreSQL server, dropped (with its replication slots) at the end.</summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    /// <summary>Attaches to a database that exists (disposing drops it).</summary>
    public PostgresDatabase(DatabaseUri uri) => Uri = uri;

    public DatabaseUri Uri { get; }

    public string Name => Uri.Database;

    /// <summary>The URI as the command line takes it.</summary>
    public string UriText => $"postgres://{Uri.User}:{Uri.Password}@{Uri.Host}:{Uri.Port}/{Uri.Database}";

    public static async Task<PostgresDatabase> CreateAsync(string prefix)
    {
        var name = TestServers.UniqueName(prefix).ToLowerInvariant();
        await using var admin = new NpgsqlConnection(TestServers.Postgres.ToConnectionString());
        await admin.OpenAsync();
        await using (var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin))
            await create.ExecuteNonQueryAsync();
        return new PostgresDatabase(TestServers.Postgres.WithDatabase(name));
    }

    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(Uri.ToConnectionString() + ";Timezone=UTC");
        await connection.OpenAsync();
        return connection;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<T?> ScalarAsync<T>(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }

    /// <summary>Every row of a table as PostgreSQL prints it, in key order: what "equal" means in these tests.</summary>
    public async Task<List<string>> RowsAsync(string table, string orderBy)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT t::text FROM {table} t ORDER BY {orderBy}", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(reader.GetString(0));
        return rows;
    }

    /// <summary>Row count and an md5 over every row's text in key order: compares large tables without fetching them.</summary>
    public async Task<string> FingerprintAsync(string table, string orderBy)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) || ' rows, md5 ' || coalesce(md5(string_agg(t::text, '|' ORDER BY {orderBy})), '-') FROM {table} t", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        await using var admin = new NpgsqlConnection(TestServers.Postgres.ToConnectionString());
        await admin.OpenAsync();
        const string sql = """
            SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @db AND pid <> pg_backend_pid();
            SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = @db AND NOT active;
            """;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            try
            {
                await using (var cleanup = new NpgsqlCommand(sql, admin))
                {
                    cleanup.Parameters.AddWithValue("db", Name);
                    await cleanup.ExecuteNonQueryAsync();
                }
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\"", admin);
                await drop.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException)
            {
                await Task.Delay(250);
            }
        }
    }
}
