using System.Diagnostics;
using Cdc.Connections;
using MySqlConnector;

namespace Cdc.IntegrationTests.Harness;

/// <summary>
/// A MariaDB server of a test's own, started with deploy/native/services.sh in its own state folder and port, for
/// what must never happen to the shared server: other settings, restarts, purged binlogs. Deleted at the end.
/// </summary>
public sealed class OwnMariaDbServer : IAsyncDisposable
{
    private readonly string _folder;
    private readonly int _port;

    private OwnMariaDbServer(string folder, int port)
    {
        _folder = folder;
        _port = port;
    }

    public DatabaseUri Uri => DatabaseUri.Parse($"mysql://cdc:cdc@127.0.0.1:{_port}/mysql");

    public string MyCnf => Path.Combine(_folder, "mariadb", "my.cnf");

    public static async Task<OwnMariaDbServer> StartAsync(string name)
    {
        var folder = Path.Combine(Path.GetTempPath(), TestServers.UniqueName($"cdc-{name}"));
        var server = new OwnMariaDbServer(folder, 20000 + Random.Shared.Next(20000));
        await server.ServicesAsync("start");
        return server;
    }

    public Task RestartAsync() => ServicesAsync("restart");

    public Task StopAsync() => ServicesAsync("stop");

    public Task StartAsync() => ServicesAsync("start");

    /// <summary>Starts the same server with binary logging off (a command-line override of its my.cnf); stop it with <see cref="StopAsync"/>.</summary>
    public async Task StartWithoutBinlogAsync()
    {
        await StopAsync();
        var server = Process.Start(new ProcessStartInfo("setsid", ["mariadbd", $"--defaults-file={MyCnf}", "--skip-log-bin"]) { UseShellExecute = false })!;
        server.Dispose();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await ExecuteAsync("SELECT 1");
                return;
            }
            catch (MySqlException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new MySqlConnection(Uri.ToConnectionString());
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await ServicesAsync("reset");
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }

    private async Task ServicesAsync(string command)
    {
        var info = new ProcessStartInfo(Path.Combine(TestServers.RepositoryRoot, "deploy", "native", "services.sh"), [command, "mariadb"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["CDC_SERVICES_DIR"] = _folder;
        info.Environment["CDC_MARIADB_PORT"] = _port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["CDC_MARIADB_SERVER_ID"] = "7";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"services.sh {command} mariadb failed ({process.ExitCode}): {await output}{await error}");
    }
}
