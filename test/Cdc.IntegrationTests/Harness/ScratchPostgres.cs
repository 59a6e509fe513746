using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Cdc.IntegrationTests.Harness;

/// <summary>
/// A throw-away PostgreSQL server with settings of the test's choosing (e.g. wal_level=replica), for the failure paths
/// the shared server must not be bent into. Runs as the postgres user (initdb refuses root); trust authentication.
/// </summary>
public sealed class ScratchPostgres : IAsyncDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string _directory;

    private ScratchPostgres(string directory, int port)
    {
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string UriText => $"postgres://postgres:x@127.0.0.1:{Port}/postgres";

    public static async Task<ScratchPostgres> StartAsync(params string[] settings)
    {
        var directory = Directory.CreateTempSubdirectory("cdc-scratch-pg-").FullName;
        File.SetUnixFileMode(directory, (UnixFileMode)0b111_111_111);
        var port = FreePorts.One();
        await RunAsPostgresAsync($"{Bin}/initdb -D {directory}/data --auth=trust -U postgres");
        var conf = new[] { $"port = {port}", "listen_addresses = '127.0.0.1'", $"unix_socket_directories = '{directory}'" }
            .Concat(settings.Select(s => s.Replace("=", " = '") + "'"));
        await File.AppendAllLinesAsync($"{directory}/data/postgresql.conf", conf);
        await RunAsPostgresAsync($"{Bin}/pg_ctl -D {directory}/data -l {directory}/log -w start");
        return new ScratchPostgres(directory, port);
    }

    /// <summary>Stops the server at once (as a crash would) and starts it again on the same port.</summary>
    public async Task RestartAsync()
    {
        await RunAsPostgresAsync($"{Bin}/pg_ctl -D {_directory}/data -m immediate -w stop");
        await RunAsPostgresAsync($"{Bin}/pg_ctl -D {_directory}/data -l {_directory}/log -w start");
    }

    public async ValueTask DisposeAsync()
    {
        await RunAsPostgresAsync($"{Bin}/pg_ctl -D {_directory}/data -m immediate -w stop");
        Directory.Delete(_directory, recursive: true);
    }

    private static async Task RunAsPostgresAsync(string command)
    {
        var info = new ProcessStartInfo("su", ["postgres", "-s", "/bin/sh", "-c", command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"`{command}` failed ({process.ExitCode}): {output}");
    }
}
