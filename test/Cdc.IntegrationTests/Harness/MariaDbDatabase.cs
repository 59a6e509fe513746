using Cdc.Connections;
using MySqlConnector;

namespace Cdc.IntegrationTests.Harness;

/// <summary>A database of its own on a MariaDB server (the shared one unless told), dropped at the end.</summary>
public sealed class MariaDbDatabase : IAsyncDisposable
{
    private MariaDbDatabase(DatabaseUri uri) => Uri = uri;

    public DatabaseUri Uri { get; }

    public string Name => Uri.Database;

    /// <summary>The URI as the command line takes it.</summary>
    public string UriText => $"mysql://{Uri.User}:{Uri.Password}@{Uri.Host}:{Uri.Port}/{Uri.Database}";

    public static async Task<MariaDbDatabase> CreateAsync(string prefix, DatabaseUri? server = null)
    {
        var name = TestServers.UniqueName(prefix).ToLowerInvariant();
        var admin = server ?? TestServers.MariaDb;
        await using var connection = new MySqlConnection(admin.ToConnectionString());
        await connection.OpenAsync();
        await using (var create = new MySqlCommand($"CREATE DATABASE `{name}` CHARACTER SET utf8mb4", connection))
            await create.ExecuteNonQueryAsync();
        return new MariaDbDatabase(admin.WithDatabase(name));
    }

    /// <summary>A session in UTC (TIMESTAMP values read and write as UTC) that accepts zero dates.</summary>
    public async Task<MySqlConnection> OpenAsync()
    {
        var connection = new MySqlConnection(Uri.ToConnectionString() + ";AllowZeroDateTime=true;ConvertZeroDateTime=false;AllowUserVariables=true");
        await connection.OpenAsync();
        await using var session = new MySqlCommand("SET time_zone = '+00:00', sql_mode = ''", connection);
        await session.ExecuteNonQueryAsync();
        return connection;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<T?> ScalarAsync<T>(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Rows as comparable text (see <see cref="TableRows"/>); an empty list while the table does not exist.</summary>
    public async Task<List<string>> RowsAsync(string sql)
    {
        await using var connection = await OpenAsync();
        try
        {
            return await TableRows.ReadAsync(connection, sql);
        }
        catch (MySqlException e) when (e.ErrorCode is MySqlErrorCode.NoSuchTable or MySqlErrorCode.BadFieldError)
        {
            return [];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await using var connection = new MySqlConnection(Uri.WithDatabase("mysql").ToConnectionString());
        await connection.OpenAsync();
        await using var drop = new MySqlCommand($"DROP DATABASE IF EXISTS `{Name}`", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
