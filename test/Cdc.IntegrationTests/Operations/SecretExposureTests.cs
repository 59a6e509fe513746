using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Cdc.IntegrationTests.Operations;

/// <summary>
/// What another user of the machine, or of the network, can see of a running applier: its command line (ps), its
/// metrics endpoint. Passwords come from files named by *_FILE settings; /healthz, /readyz and /metrics answer on
/// 127.0.0.1 unless --metrics-address opens them.
/// </summary>
public sealed class SecretExposureTests
{
    private const string Password = "s3cr3t-in-a-file";
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task Passwords_from_FILE_settings_stay_off_the_command_line_and_metrics_stay_on_loopback()
    {
        var directory = Directory.CreateTempSubdirectory("cdc-secrets-");
        try
        {
            var target = Path.Combine(directory.FullName, "target");
            var broker = Path.Combine(directory.FullName, "broker");
            await File.WriteAllTextAsync(target, $"postgres://cdc:{Password}@127.0.0.1:1/nowhere\n");
            await File.WriteAllTextAsync(broker, Harness.TestServers.Broker + "\n");
            var port = FreePorts.One();
            var environment = new Dictionary<string, string> { ["CDC_Apply__Target_FILE"] = target, ["CDC_Apply__Broker_FILE"] = broker };
            await using var apply = Harness.CdcProcess.Start(environment, "apply", "--name", "secrets", "--streams", "cdc.secrets", "--metrics-port", port.ToString());

            await Harness.Eventually.ReachAsync(() => StatusAsync(IPAddress.Loopback, port, "/readyz"), s => s == HttpStatusCode.ServiceUnavailable,
                TimeSpan.FromSeconds(20), s => $"{s?.ToString() ?? "no answer"}; output: {apply.Output}");
            // The broker came from its file: the applier got as far as looking for its stream there.
            await Harness.Eventually.ReachAsync(() => Task.FromResult(apply.Output), o => o.Contains("Stream cdc.secrets does not exist on amqp://", StringComparison.Ordinal),
                TimeSpan.FromSeconds(20), o => o);
            var commandLine = (await File.ReadAllTextAsync($"/proc/{apply.Id}/cmdline")).Replace('\0', ' ');
            commandLine.Should().NotContain(Password).And.NotContain("cdc:cdc@");
            (await Http.GetStringAsync($"http://127.0.0.1:{port}/readyz").ContinueWith(t => t.IsFaulted ? t.Exception!.ToString() : t.Result))
                .Should().NotContain(Password);
            apply.Output.Should().NotContain(Password);
            (await StatusAsync(NonLoopbackAddress(), port, "/healthz")).Should().BeNull("the endpoint listens on 127.0.0.1 only");

            // The operator commands read the same settings: the target came from its file.
            await using var offsets = Harness.CdcProcess.Start(environment, "offsets", "list");
            (await offsets.WaitForExitAsync(TimeSpan.FromSeconds(60))).Should().Be(1);
            offsets.Output.Should().Contain("127.0.0.1:1").And.NotContain(Password);
            await using var missing = Harness.CdcProcess.Start(
                new Dictionary<string, string> { ["CDC_Apply__Target_FILE"] = Path.Combine(directory.FullName, "absent") }, "apply", "--name", "x", "--streams", "cdc.x");
            (await missing.WaitForExitAsync(TimeSpan.FromSeconds(60))).Should().Be(2);
            missing.Output.Should().Contain("Apply:Target_FILE").And.Contain("absent");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Metrics_address_opens_the_endpoint_to_other_interfaces()
    {
        var port = FreePorts.One();
        await using var apply = Harness.CdcProcess.Start("apply", "--name", "secrets_open", "--streams", "cdc.secrets_open",
            "--target", "postgres://cdc:cdc@127.0.0.1:1/nowhere", "--broker", Harness.TestServers.Broker,
            "--metrics-port", port.ToString(), "--metrics-address", "0.0.0.0");

        await Harness.Eventually.ReachAsync(() => StatusAsync(NonLoopbackAddress(), port, "/healthz"), s => s == HttpStatusCode.OK,
            TimeSpan.FromSeconds(20), s => $"{s?.ToString() ?? "no answer"}; output: {apply.Output}");
    }

    /// <summary>An IPv4 address of this machine other than loopback: where a neighbour on the network would connect.</summary>
    private static IPAddress NonLoopbackAddress() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(i => i.OperationalStatus == OperationalStatus.Up && i.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
        ?? throw new InvalidOperationException("This machine has no IPv4 address besides loopback; the test needs one to check what the network sees.");

    private static async Task<HttpStatusCode?> StatusAsync(IPAddress address, int port, string path)
    {
        try
        {
            return (await Http.GetAsync($"http://{address}:{port}{path}")).StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
