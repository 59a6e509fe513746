using System.Diagnostics;
using Cdc.Connections;

namespace Cdc.IntegrationTests.Spine;

/// <summary>
/// Positions belong to one server: a source rebuilt from a dump (a new PostgreSQL cluster, a new MariaDB server) is
/// not silently resumed in the old stream. The capturer stops with exit code 1, says which servers differ and the ways
/// out, and publishes nothing (nor creates a slot) on the new server.
/// </summary>
public sealed class RebuiltSourceTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_postgres_source_restored_into_a_new_cluster_is_refused()
    {
        await using var pipeline = await PostgresPipeline.CreateAsync("rebuiltpg");
        foreach (var database in new[] { pipeline.Source, pipeline.Target })
            await database.ExecuteAsync("CREATE TABLE notes (id int PRIMARY KEY, v text)");
        var capture = pipeline.StartCapture();
        await capture.WaitForOutputAsync("Capturing office", Patience);
        pipeline.StartApply();
        await pipeline.Source.ExecuteAsync("INSERT INTO notes SELECT g, 'row ' || g FROM generate_series(1, 50) g");
        await pipeline.WaitForEqualAsync(Patience, ("notes", "id"));
        (await capture.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
        var tail = await BrokerStreams.TailOffsetAsync(pipeline.Stream, pipeline.Broker);

        await using var rebuilt = await ScratchPostgres.StartAsync("wal_level=logical");
        var source = pipeline.Source.Uri;
        await ShellAsync($"PGPASSWORD={source.Password} pg_dump --no-owner --no-privileges -h {source.Host} -p {source.Port} -U {source.User} {source.Database} " +
                         $"| psql -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p {rebuilt.Port} -U postgres postgres");
        var (exit, output) = await CdcProcess.RunAsync(Patience,
            "capture", "--office", pipeline.Office, "--source", rebuilt.UriText, "--broker", pipeline.Broker);

        exit.Should().Be(1, output);
        output.Should().Contain($"Stream {pipeline.Stream} was captured from another server").And.Contain("postgresql:")
            .And.Contain($"--stream {pipeline.Stream}.2 --snapshot-mode initial");
        (await BrokerStreams.TailOffsetAsync(pipeline.Stream, pipeline.Broker)).Should().Be(tail, "nothing is published from the new server");
        var slots = await new PostgresDatabase(DatabaseUri.Parse(rebuilt.UriText)).ScalarAsync<long>("SELECT count(*) FROM pg_replication_slots");
        slots.Should().Be(0, "no slot is created on a server the capture refuses");
    }

    [Fact]
    public async Task A_mariadb_source_restored_into_a_new_server_is_refused()
    {
        await using var original = await OwnMariaDbServer.StartAsync("original");
        await using var pipeline = await MariaDbPipeline.CreateAsync("rebuiltmy", original.Uri);
        await pipeline.Source.ExecuteAsync("CREATE TABLE notes (id int PRIMARY KEY, v varchar(20))");
        var capture = pipeline.StartCapture();
        await capture.WaitForOutputAsync("Capturing office", Patience);
        pipeline.StartApplyToPostgres();
        await pipeline.Source.ExecuteAsync("INSERT INTO notes VALUES (1, 'one'), (2, 'two')");
        await Eventually.ReachAsync(
            () => pipeline.PostgresRowsAsync($"SELECT id FROM \"{pipeline.PostgresSchema}\".notes"),
            rows => rows.Count == 2, Patience, rows => $"{rows.Count} rows applied");
        (await capture.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
        var tail = await BrokerStreams.TailOffsetAsync(pipeline.Stream);

        await using var rebuilt = await OwnMariaDbServer.StartAsync("rebuilt");
        var source = pipeline.Source.Uri;
        await rebuilt.ExecuteAsync($"CREATE DATABASE `{source.Database}`");
        var target = rebuilt.Uri.WithDatabase(source.Database);
        await ShellAsync($"mariadb-dump -h {source.Host} -P {source.Port} -u {source.User} -p{source.Password} {source.Database} " +
                         $"| mariadb -h {target.Host} -P {target.Port} -u {target.User} -p{target.Password} {target.Database}");
        var (exit, output) = await CdcProcess.RunAsync(Patience,
            "capture", "--office", pipeline.Office, "--source", $"mysql://cdc:cdc@{target.Host}:{target.Port}/{target.Database}", "--broker", TestServers.Broker);

        exit.Should().Be(1, output);
        output.Should().Contain($"Stream {pipeline.Stream} was captured from another server").And.Contain("mariadb:")
            .And.Contain($"--stream {pipeline.Stream}.2 --snapshot-mode initial");
        (await BrokerStreams.TailOffsetAsync(pipeline.Stream)).Should().Be(tail, "nothing is published from the new server");
    }

    /// <summary>Same host, port and configuration, so the same identity: the binlog history tells the rebuilt server apart.</summary>
    [Fact]
    public async Task A_mariadb_source_rebuilt_in_place_from_a_dump_is_refused()
    {
        await using var server = await OwnMariaDbServer.StartAsync("inplace");
        await using var pipeline = await MariaDbPipeline.CreateAsync("inplacemy", server.Uri);
        await pipeline.Source.ExecuteAsync("CREATE TABLE notes (id int PRIMARY KEY, v varchar(20))");
        var capture = pipeline.StartCapture();
        await capture.WaitForOutputAsync("Capturing office", Patience);
        pipeline.StartApplyToPostgres();
        await pipeline.Source.ExecuteAsync("INSERT INTO notes VALUES (1, 'one'), (2, 'two')");
        await Eventually.ReachAsync(
            () => pipeline.PostgresRowsAsync($"SELECT id FROM \"{pipeline.PostgresSchema}\".notes"),
            rows => rows.Count == 2, Patience, rows => $"{rows.Count} rows applied");
        (await capture.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
        var tail = await BrokerStreams.TailOffsetAsync(pipeline.Stream);

        var source = pipeline.Source.Uri;
        var dump = Path.GetTempFileName();
        await ShellAsync($"mariadb-dump -h {source.Host} -P {source.Port} -u {source.User} -p{source.Password} {source.Database} > {dump}");
        await server.ExecuteAsync($"DROP DATABASE `{source.Database}`");
        await server.ExecuteAsync("RESET MASTER");
        await server.ExecuteAsync($"CREATE DATABASE `{source.Database}`");
        await ShellAsync($"mariadb -h {source.Host} -P {source.Port} -u {source.User} -p{source.Password} {source.Database} < {dump}");
        File.Delete(dump);
        var (exit, output) = await CdcProcess.RunAsync(Patience,
            "capture", "--office", pipeline.Office, "--source", pipeline.Source.UriText, "--broker", TestServers.Broker);

        exit.Should().Be(1, output);
        output.Should().Contain($"Stream {pipeline.Stream} was captured from another server").And.Contain("does not hold there")
            .And.Contain($"--stream {pipeline.Stream}.2 --snapshot-mode initial");
        (await BrokerStreams.TailOffsetAsync(pipeline.Stream)).Should().Be(tail, "nothing is published from the rebuilt server");
    }

    private static async Task ShellAsync(string command)
    {
        var info = new ProcessStartInfo("bash", ["-o", "pipefail", "-c", command]) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.Should().Be(0, $"`{command}` failed: {output}");
    }
}
