using System.Text.Json;
using Cdc.IntegrationTests.Harness;

namespace Cdc.IntegrationTests.Operations;

/// <summary><c>cdc status</c>, <c>cdc offsets</c> and <c>cdc replay</c> with a MariaDB office: as the source, and as a target.</summary>
[Collection(SharedMariaDbCollection.Name)]
public sealed class MariaDbOperationsTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task Status_and_metrics_show_the_binlog_capturer_and_how_far_it_is_behind_the_server()
    {
        var metricsPort = FreePorts.One();
        var (pipeline, capture, _, _) = await MariaDbOffice.AppliedAsync("mystatus", "--metrics-port", metricsPort.ToString());
        await using var _pipeline = pipeline;
        var tail = await BrokerStreams.TailOffsetAsync(pipeline.Stream);
        string[] args = ["status", "--source", pipeline.Source.UriText, "--target", pipeline.PostgresTarget.UriText, "--target", pipeline.MariaDbTarget.UriText,
            "--broker", TestServers.Broker, "--json"];

        var running = Capturer(await StatusAsync(args), pipeline.Office);
        running.GetProperty("state").GetString().Should().Be("capturing");
        running.GetProperty("confirmed_position").GetString().Should().StartWith("mariadb-bin.");
        running.GetProperty("binlog_bytes_behind").GetInt64().Should().BeGreaterThanOrEqualTo(0);
        var metrics = await Eventually.ReachAsync(
            () => Http.GetStringAsync($"http://127.0.0.1:{metricsPort}/metrics"), m => m.Contains("cdc_capture_binlog_behind_bytes"), TimeSpan.FromSeconds(20), m => m);
        MetricsTests.Value(metrics, "cdc_capture_binlog_behind_bytes").Should().BeGreaterThanOrEqualTo(0);
        metrics.Should().Contain("cdc_capture_binlog_files_behind");

        (await capture.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
        await pipeline.Source.ExecuteAsync("INSERT INTO accounts VALUES (1000, 'written while the capturer is stopped', 1, 1000); FLUSH BINARY LOGS;");
        var document = await StatusAsync(args);
        var stopped = Capturer(document, pipeline.Office);
        stopped.GetProperty("state").GetString().Should().StartWith("stopped");
        stopped.GetProperty("binlog_bytes_behind").GetInt64().Should().BeGreaterThan(running.GetProperty("binlog_bytes_behind").GetInt64());
        stopped.GetProperty("binlog_files_behind").GetInt64().Should().BeGreaterThanOrEqualTo(1);
        var appliers = document.GetProperty($"{pipeline.Office}: appliers").EnumerateArray().ToList();
        appliers.Should().HaveCount(2).And.OnlyContain(a => a.GetProperty("applied_offset").GetInt64() == tail && a.GetProperty("lag_records").GetInt64() == 0);
    }

    [Fact]
    public async Task Offsets_and_replay_recover_a_truncated_MariaDB_target_and_a_PostgreSQL_target_of_a_MariaDB_office()
    {
        var (pipeline, _, toPostgres, toMariaDb) = await MariaDbOffice.AppliedAsync("myreplay");
        await using var _pipeline = pipeline;
        var mariaDb = pipeline.MariaDbTarget.UriText;
        var applier = $"{pipeline.Office}_my";

        var list = await Workload.CdcAsync("offsets", "list", "--target", mariaDb);
        list.ExitCode.Should().Be(0, list.Output);
        list.Output.Should().Contain($"{applier}\t{pipeline.Stream}\t");
        var refused = await Workload.CdcAsync("offsets", "set", "--applier", applier, "--stream", pipeline.Stream, "--offset", "0", "--target", mariaDb, "--broker", TestServers.Broker);
        refused.ExitCode.Should().Be(1, refused.Output);
        refused.Output.Should().Contain("Stop it first");
        var replayRefused = await Workload.CdcAsync("replay", "--stream", pipeline.Stream, "--from-offset", "0", "--target", mariaDb, "--broker", TestServers.Broker);
        replayRefused.ExitCode.Should().Be(1, replayRefused.Output);
        replayRefused.Output.Should().Contain($"Applier {applier} is running");

        (await toMariaDb.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
        (await toPostgres.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
        await pipeline.MariaDbTarget.ExecuteAsync("TRUNCATE tags; DELETE FROM stock WHERE sku > 10;");
        await pipeline.PostgresTarget.ExecuteAsync($"TRUNCATE \"{pipeline.PostgresSchema}\".accounts;");
        foreach (var target in new[] { mariaDb, pipeline.PostgresTarget.UriText })
        {
            var replay = await Workload.CdcAsync("replay", "--stream", pipeline.Stream, "--from-offset", "0", "--target", target, "--broker", TestServers.Broker);
            replay.ExitCode.Should().Be(0, replay.Output);
        }
        await MariaDbOffice.WaitForEqualAsync(pipeline);
        (await Workload.CdcAsync("verify", "--source", pipeline.Source.UriText, "--target", mariaDb)).ExitCode.Should().Be(0);

        var beyond = await Workload.CdcAsync("offsets", "set", "--applier", applier, "--stream", pipeline.Stream, "--offset", "999999", "--target", mariaDb, "--broker", TestServers.Broker);
        beyond.ExitCode.Should().Be(1, beyond.Output);
        beyond.Output.Should().Contain("beyond the end");
        var set = await Workload.CdcAsync("offsets", "set", "--applier", applier, "--stream", pipeline.Stream, "--offset", "-1", "--target", mariaDb, "--broker", TestServers.Broker, "--json");
        set.ExitCode.Should().Be(0, set.Output);
        set.Output.Should().Contain($"\"applier\":\"{applier}\",\"stream\":\"{pipeline.Stream}\",\"offset_before\":").And.Contain("\"offset\":-1,\"position\":\"0:0:-1\",\"resumes_at\":0");
        (await pipeline.MariaDbTarget.ScalarAsync<long>($"SELECT stream_offset FROM cdc_offsets WHERE applier = '{applier}'")).Should().Be(-1);
    }

    [Fact]
    public async Task Status_of_a_MariaDB_source_says_what_its_account_may_not_see_instead_of_failing()
    {
        await using var database = await MariaDbDatabase.CreateAsync("mystatus_ro");
        var user = database.Name;
        await database.ExecuteAsync($"CREATE USER '{user}'@'%' IDENTIFIED BY 'secret-pw'; GRANT BINLOG MONITOR ON *.* TO '{user}'@'%'; GRANT SELECT ON `{user}`.* TO '{user}'@'%';");
        try
        {
            var source = $"mysql://{user}:secret-pw@{TestServers.MariaDb.Host}:{TestServers.MariaDb.Port}/{user}";

            var (exit, output) = await Workload.CdcAsync("status", "--source", source, "--office", user, "--broker", TestServers.Broker);

            exit.Should().Be(0, output);
            output.Should().Contain("unknown (SHOW SLAVE HOSTS was refused").And.Contain("holds no record yet").And.NotContain("secret-pw");
        }
        finally
        {
            await database.ExecuteAsync($"DROP USER '{user}'@'%'");
        }
    }

    private static async Task<JsonElement> StatusAsync(string[] args)
    {
        var (exit, output) = await Workload.CdcAsync(args);
        exit.Should().Be(0, output);
        return JsonDocument.Parse(output.Split('\n').Single(l => l.StartsWith('{'))).RootElement.Clone();
    }

    private static JsonElement Capturer(JsonElement status, string office) =>
        status.GetProperty($"{office}: capturer").EnumerateArray().Single();
}
