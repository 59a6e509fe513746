using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Cdc.IntegrationTests.Harness;

/// <summary>
/// A RabbitMQ node of the test's own, started with the project's services script under a temporary folder, that the
/// test may stop and start again without disturbing the shared broker.
/// </summary>
public sealed class PrivateBroker : IAsyncDisposable
{
    private readonly string _directory;
    private readonly int _port;

    private PrivateBroker(string directory, int port)
    {
        _directory = directory;
        _port = port;
    }

    public string Uri => $"amqp://cdc:cdc@127.0.0.1:{_port}/%2F";

    public static async Task<PrivateBroker> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("cdc-broker-").FullName;
        var broker = new PrivateBroker(directory, FreePorts.Pair());
        await broker.RunAsync("start");
        return broker;
    }

    public Task StopAsync() => RunAsync("stop");

    public Task StartAgainAsync() => RunAsync("start");

    /// <summary>Runs rabbitmqctl against this node (its HOME, cookie and node name), e.g. to add users.</summary>
    public Task RabbitMqCtlAsync(params string[] arguments) => RunAsync(["rabbitmqctl", .. arguments]);

    public async ValueTask DisposeAsync()
    {
        await RunAsync("reset");
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }

    private Task RunAsync(string verb) => RunAsync([verb, "rabbitmq"]);

    private async Task RunAsync(string[] arguments)
    {
        var info = new ProcessStartInfo(Path.Combine(TestServers.RepositoryRoot, "deploy", "native", "services.sh"), arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["CDC_SERVICES_DIR"] = Path.Combine(_directory, "state");
        // Every port and name explicitly: CI exports the shared servers' own CDC_* settings into the environment.
        info.Environment["CDC_RABBITMQ_PORT"] = _port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["CDC_RABBITMQ_DIST_PORT"] = (_port + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["CDC_RABBITMQ_NODENAME"] = $"cdc-private-{_port}@localhost";
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"services.sh {string.Join(' ', arguments)} failed ({process.ExitCode}): {output}");
    }

}
