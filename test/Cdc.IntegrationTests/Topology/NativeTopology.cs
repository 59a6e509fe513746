using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Cdc.IntegrationTests.Topology;

/// <summary>
/// A sample topology of a test's own, run by <c>deploy/native/topology.sh</c> exactly as <c>make up</c> runs it, but
/// in a state folder and on free ports of its own, so that neither a user's <c>make up</c> nor another test run is
/// disturbed. Disposing it stops everything and deletes the folder.
/// </summary>
public sealed class NativeTopology : IAsyncDisposable
{
    private NativeTopology(string folder, int pgPort, int mariaDbPort, int brokerPort)
    {
        Folder = folder;
        PgPort = pgPort;
        MariaDbPort = mariaDbPort;
        BrokerPort = brokerPort;
    }

    public string Folder { get; }

    public int PgPort { get; }

    public int MariaDbPort { get; }

    public int BrokerPort { get; }

    public string Broker => $"amqp://cdc:cdc@127.0.0.1:{BrokerPort}/%2F";

    public static NativeTopology Create()
    {
        // Short: unix socket paths live below it.
        var folder = Path.Combine(Path.GetTempPath(), $"cdc-e2e-{Guid.NewGuid().ToString("N")[..8]}");
        var (pg, mariaDb, broker) = FreePorts();
        return new NativeTopology(folder, pg, mariaDb, broker);
    }

    public string PostgresUri(string database) => $"Host=127.0.0.1;Port={PgPort};Username=cdc;Password=cdc;Database={database};Timezone=UTC";

    /// <summary>Runs <c>topology.sh</c> with a command; throws with its output when it fails.</summary>
    public async Task<string> RunAsync(TimeSpan timeout, params string[] arguments)
    {
        var (exit, output) = await RunScriptAsync(timeout, arguments);
        if (exit != 0)
            throw new InvalidOperationException($"topology.sh {string.Join(' ', arguments)} exited with {exit}:\n{output}");
        return output;
    }

    /// <summary>The pid of every server and bin/cdc process that <c>status</c> lists as running.</summary>
    public async Task<IReadOnlyList<int>> RunningPidsAsync()
    {
        var (_, output) = await RunScriptAsync(TimeSpan.FromSeconds(60), "status");
        return output.Split('\n')
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(words => words.Length > 3 && words[1] == "running" && words[2] == "pid")
            .Select(words => int.Parse(words[3]))
            .ToArray();
    }

    /// <summary>
    /// Processes whose command line names this topology's folder or ports, or whose environment names its folder
    /// (bin/cdc gets its URIs from files there, and everything topology.sh starts inherits CDC_TOPOLOGY_DIR): none
    /// may be left after <c>down</c>. Each as "pid: command line".
    /// </summary>
    public IReadOnlyList<string> LeftoverProcesses()
    {
        var marks = new[] { Folder, $":{PgPort}/", $":{MariaDbPort}/", $":{BrokerPort}/" };
        var found = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
                continue;
            string commandLine;
            try
            {
                commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
            }
            catch (IOException)
            {
                continue; // gone meanwhile
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }
            if (marks.Any(m => commandLine.Contains(m, StringComparison.Ordinal)) || EnvironmentNames(dir, Folder))
                found.Add($"{pid}: {commandLine}");
        }
        return found;
    }

    private static bool EnvironmentNames(string processDirectory, string text)
    {
        try
        {
            return File.ReadAllText(Path.Combine(processDirectory, "environ")).Contains(text, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // gone meanwhile, or another user's
        }
    }

    public async ValueTask DisposeAsync()
    {
        // reset = down, then delete the folder; it is the cleanup even after a failed up.
        await RunScriptAsync(TimeSpan.FromSeconds(120), "reset");
        if (Directory.Exists(Folder))
            Directory.Delete(Folder, recursive: true);
    }

    private async Task<(int Exit, string Output)> RunScriptAsync(TimeSpan timeout, params string[] arguments)
    {
        var info = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(TestServers.RepositoryRoot, "deploy", "native", "topology.sh"));
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        info.Environment["CDC_TOPOLOGY_DIR"] = Folder;
        info.Environment["CDC_TOPOLOGY_PG_PORT"] = PgPort.ToString();
        info.Environment["CDC_TOPOLOGY_MARIADB_PORT"] = MariaDbPort.ToString();
        info.Environment["CDC_TOPOLOGY_RABBITMQ_PORT"] = BrokerPort.ToString();
        info.Environment["CDC_BINARY"] = TestServers.CdcBinary;
        using var process = new Process { StartInfo = info };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"topology.sh {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds}s:\n{output}");
        }
        process.WaitForExit();
        lock (output)
            return (process.ExitCode, output.ToString());
    }

    /// <summary>
    /// Three ports nobody listens on, the broker's with the ports derived from it free as well: RabbitMQ's (distribution
    /// port = AMQP + 1, its CLI's ports = distribution + 10000..10009) and topology.sh's (the bin/cdc processes' /readyz
    /// ports = AMQP + 2 onwards, one per process).
    /// </summary>
    private static (int Pg, int MariaDb, int Broker) FreePorts()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var broker = Random.Shared.Next(20000, 30000);
            int[] derived = [.. Enumerable.Range(broker, 10), .. Enumerable.Range(broker + 10001, 10)];
            var pg = Random.Shared.Next(40000, 45000);
            var mariaDb = pg + 1;
            if (derived.Append(pg).Append(mariaDb).All(IsFree))
                return (pg, mariaDb, broker);
        }
        throw new InvalidOperationException("No free ports found for the test topology.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Any, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
