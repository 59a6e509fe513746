using System.Runtime.CompilerServices;
using MySqlConnector;

namespace Cdc.Binlog.Tests.Integration;

/// <summary>
/// A database on the MariaDB of CDC_TEST_MARIADB (deploy/native/services.sh start), named after the test that
/// creates it and dropped at the end, plus a MySqlConnector session in it for issuing SQL.
/// </summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    private static int _serverIds = Random.Shared.Next(1_000_000, 2_000_000);
    private readonly MySqlConnection _sql;

    private TestDatabase(string name, MySqlConnection sql)
    {
        Name = name;
        _sql = sql;
    }

    public static string Uri =>
        Environment.GetEnvironmentVariable("CDC_TEST_MARIADB") is { Length: > 0 } uri ? uri : "mysql://cdc:cdc@127.0.0.1:13306/mysql";

    public string Name { get; }

    /// <summary>Client options for the test server, each with a server id of its own so dumps never evict each other.</summary>
    public static BinlogClientOptions Options(string? password = null, string? user = null)
    {
        var parsed = BinlogClientOptions.FromUri(Uri);
        return new BinlogClientOptions
        {
            Host = parsed.Host,
            Port = parsed.Port,
            User = user ?? parsed.User,
            Password = password ?? parsed.Password,
            ServerId = (uint)Interlocked.Increment(ref _serverIds),
            HeartbeatPeriod = TimeSpan.FromSeconds(1),
        };
    }

    public static async Task<TestDatabase> CreateAsync([CallerMemberName] string test = "")
    {
        var name = ("bt_" + test.ToLowerInvariant())[..Math.Min(64, test.Length + 3)];
        var options = Options();
        var builder = new MySqlConnectionStringBuilder
        {
            Server = options.Host,
            Port = (uint)options.Port,
            UserID = options.User,
            Password = options.Password,
            AllowUserVariables = true,
            CharacterSet = "utf8mb4",
        };
        var sql = new MySqlConnection(builder.ConnectionString);
        await sql.OpenAsync();
        await Execute(sql, $"DROP DATABASE IF EXISTS `{name}`");
        await Execute(sql, $"CREATE DATABASE `{name}` CHARACTER SET utf8mb4");
        await sql.ChangeDatabaseAsync(name);
        return new TestDatabase(name, sql);
    }

    public Task ExecuteAsync(string statement) => Execute(_sql, statement);

    public async Task<object?> ScalarAsync(string statement)
    {
        await using var command = new MySqlCommand(statement, _sql);
        return await command.ExecuteScalarAsync();
    }

    public Task<BinlogClient> ConnectAsync() => BinlogClient.ConnectAsync(Options());

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Execute(_sql, $"DROP DATABASE IF EXISTS `{Name}`");
        }
        finally
        {
            await _sql.DisposeAsync();
        }
    }

    private static async Task Execute(MySqlConnection sql, string statement)
    {
        await using var command = new MySqlCommand(statement, sql);
        await command.ExecuteNonQueryAsync();
    }
}
