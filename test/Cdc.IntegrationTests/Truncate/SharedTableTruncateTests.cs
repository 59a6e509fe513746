using Cdc.IntegrationTests.Operations;

namespace Cdc.IntegrationTests.Truncate;

/// <summary>
/// A head office fed by two branches (one applier, two streams): a branch's TRUNCATE of a table that both branches write
/// is refused (logged, listed by cdc status) and never deletes the other branch's rows, while everything else keeps
/// flowing; a table only that branch writes is truncated.
/// </summary>
public sealed class SharedTableTruncateTests
{
    [Theory]
    [InlineData("postgres")]
    [InlineData("mariadb")]
    public async Task A_truncate_of_a_table_two_streams_write_is_refused_and_one_of_a_table_one_stream_writes_is_applied(string engine)
    {
        await using var branch1 = await PostgresDatabase.CreateAsync("shtrunc_b1");
        await using var branch2 = await PostgresDatabase.CreateAsync("shtrunc_b2");
        await using var head = await TruncateTarget.CreateAsync(engine, "shtrunc_head");
        var office1 = TestServers.UniqueName("shtrunc1").ToLowerInvariant();
        var office2 = TestServers.UniqueName("shtrunc2").ToLowerInvariant();
        try
        {
            await branch1.ExecuteAsync("CREATE TABLE sales (id integer PRIMARY KEY, amount numeric(10,2)); CREATE TABLE notes (id integer PRIMARY KEY)");
            await branch2.ExecuteAsync("CREATE TABLE sales (id integer PRIMARY KEY, amount numeric(10,2))");
            await using var capture1 = CdcProcess.Start("capture", "--office", office1, "--source", branch1.UriText, "--broker", TestServers.Broker);
            await using var capture2 = CdcProcess.Start("capture", "--office", office2, "--source", branch2.UriText, "--broker", TestServers.Broker);
            await capture1.WaitForOutputAsync("Capturing office", TimeSpan.FromSeconds(60));
            await capture2.WaitForOutputAsync("Capturing office", TimeSpan.FromSeconds(60));
            var metricsPort = FreePorts.One();
            await using var apply = CdcProcess.Start("apply", "--name", "head", "--streams", $"cdc.{office1},cdc.{office2}", "--target", head.UriText,
                "--broker", TestServers.Broker, "--metrics-port", metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture));

            await branch1.ExecuteAsync("INSERT INTO sales SELECT i, i FROM generate_series(1, 100) i; INSERT INTO notes VALUES (1), (2)");
            await branch2.ExecuteAsync("INSERT INTO sales SELECT i, i FROM generate_series(101, 200) i");
            await Eventually.ReachAsync(() => head.CountAsync("sales"), n => n == 200, TimeSpan.FromSeconds(60), n => $"{n} sales at the head office");
            await Eventually.ReachAsync(() => head.CountAsync("notes"), n => n == 2, TimeSpan.FromSeconds(60), n => $"{n} notes at the head office");

            await branch1.ExecuteAsync("TRUNCATE sales");
            await branch1.ExecuteAsync("TRUNCATE notes");
            await branch1.ExecuteAsync("INSERT INTO sales VALUES (1001, 1)");
            await branch2.ExecuteAsync("INSERT INTO sales VALUES (1002, 2)");

            await Eventually.ReachAsync(() => head.CountAsync("sales", "id > 1000"), n => n == 2, TimeSpan.FromSeconds(60), n => $"{n} sales after the truncate");
            await Eventually.ReachAsync(() => head.CountAsync("notes"), n => n == 0, TimeSpan.FromSeconds(60), n => $"{n} notes: only branch 1 writes them, its truncate applies");
            (await head.CountAsync("sales", "id BETWEEN 101 AND 200")).Should().Be(100, "branch 1's truncate never deletes branch 2's sales");
            (await head.CountAsync("sales")).Should().Be(202, "the truncate of the shared table was refused whole; the changes after it were applied");
            // Logged and counted right after the transaction that refused it commits.
            await apply.WaitForOutputAsync($"is also written by cdc.{office2}", TimeSpan.FromSeconds(10));
            apply.Output.Should().Contain("Refused TRUNCATE").And.Contain($"from stream cdc.{office1}");
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var refusedMetric = new System.Text.RegularExpressions.Regex($@"cdc_apply_truncates_refused_total\{{[^}}]*stream=""cdc\.{office1}""[^}}]*\}} 1");
            await Eventually.ReachAsync(() => http.GetStringAsync($"http://127.0.0.1:{metricsPort}/metrics"), refusedMetric.IsMatch, TimeSpan.FromSeconds(10),
                _ => "no cdc_apply_truncates_refused_total of 1 for branch 1's stream");

            var (exit, status) = await CdcProcess.RunAsync(TimeSpan.FromSeconds(60), "status", "--target", head.UriText, "--broker", TestServers.Broker);
            exit.Should().Be(0, status);
            status.Should().Contain("truncates refused").And.Contain("sales");
        }
        finally
        {
            await BrokerStreams.DeleteAsync($"cdc.{office1}");
            await BrokerStreams.DeleteAsync($"cdc.{office2}");
        }
    }
}
