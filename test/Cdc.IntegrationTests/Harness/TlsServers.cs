using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Cdc.IntegrationTests.Harness;

/// <summary>
/// PostgreSQL, MariaDB and RabbitMQ of a test class's own, started with deploy/native/services.sh in a temporary
/// state folder on free ports, with TLS on (CDC_TLS_DIR): certificates from <see cref="ThrowawayCertificates"/>.
/// PostgreSQL and MariaDB take TLS on their port; RabbitMQ serves amqps on <see cref="AmqpsPort"/>. Users cdc/cdc.
/// </summary>
public sealed class TlsServers : IAsyncLifetime
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), TestServers.UniqueName("cdc-tls-servers"));
    private int _pgPort;
    private int _mariaDbPort;
    private int _amqpPort;

    public ThrowawayCertificates Certificates { get; private set; } = null!;

    public int AmqpsPort { get; private set; }

    /// <summary>The PostgreSQL server's URI text, with the query (TLS settings) given.</summary>
    public string Postgres(string query) => $"postgres://cdc:cdc@127.0.0.1:{_pgPort}/postgres?{query}";

    public string MariaDb(string query, string database = "mysql") => $"mysql://cdc:cdc@127.0.0.1:{_mariaDbPort}/{database}?{query}";

    public string Amqps(string caFile) => $"amqps://cdc:cdc@localhost:{AmqpsPort}/%2F?cacertfile={Uri.EscapeDataString(caFile)}";

    /// <summary>The same broker without TLS (for creating streams and reading them in tests).</summary>
    public string Amqp => $"amqp://cdc:cdc@127.0.0.1:{_amqpPort}/%2F";

    public async Task InitializeAsync()
    {
        Certificates = await ThrowawayCertificates.CreateAsync();
        _pgPort = FreePorts.One();
        _mariaDbPort = FreePorts.One();
        _amqpPort = FreePorts.Pair();
        AmqpsPort = FreePorts.One();
        await ServicesAsync("start");
    }

    public async Task DisposeAsync()
    {
        await ServicesAsync("reset");
        if (Directory.Exists(_state))
            Directory.Delete(_state, recursive: true);
        Certificates.Delete();
    }

    private async Task ServicesAsync(string verb)
    {
        var info = new ProcessStartInfo(Path.Combine(TestServers.RepositoryRoot, "deploy", "native", "services.sh"), [verb])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Every port and name explicitly: CI exports the shared servers' own CDC_* settings into the environment.
        info.Environment["CDC_SERVICES_DIR"] = _state;
        info.Environment["CDC_PG_PORT"] = Text(_pgPort);
        info.Environment["CDC_MARIADB_PORT"] = Text(_mariaDbPort);
        info.Environment["CDC_MARIADB_SERVER_ID"] = "11";
        info.Environment["CDC_RABBITMQ_PORT"] = Text(_amqpPort);
        info.Environment["CDC_RABBITMQ_DIST_PORT"] = Text(_amqpPort + 1);
        info.Environment["CDC_RABBITMQ_NODENAME"] = $"cdc-tls-{_amqpPort}@localhost";
        info.Environment["CDC_RABBITMQ_TLS_PORT"] = Text(AmqpsPort);
        info.Environment["CDC_TLS_DIR"] = Certificates.Folder;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"services.sh {verb} (TLS) failed ({process.ExitCode}): {await output}{await error}");
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);

}
