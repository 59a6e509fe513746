using System.Globalization;
using System.Text.RegularExpressions;
using RabbitMQ.Client;

namespace Cdc.IntegrationTests.Continuity;

/// <summary>
/// An applier stopped for longer than its stream keeps messages resumes at its stored offset + 1, which retention
/// deleted: the broker starts it at the first offset it still holds. Applying from there would skip the deleted
/// changes for good; the applier must stop that stream, say where the hole is and how to go on, and apply nothing
/// beyond it, until the operator accepts the loss.
/// </summary>
public sealed class RetentionHoleTests
{
    [Fact]
    public async Task An_applier_that_comes_back_after_retention_deleted_what_it_had_not_applied_stops_and_says_how_to_go_on()
    {
        await using var pipeline = await PostgresPipeline.CreateAsync("retention_hole");
        await pipeline.Source.ExecuteAsync("CREATE TABLE notes (id integer PRIMARY KEY, body text NOT NULL)");
        await DeclareSmallStreamAsync(pipeline.Stream);
        pipeline.StartCapture("--tables", "public.notes");
        var apply = pipeline.StartApply();
        await pipeline.Source.ExecuteAsync("INSERT INTO notes VALUES (0, 'before the hole')");
        await pipeline.WaitForEqualAsync(TimeSpan.FromSeconds(60), ("notes", "id"));
        (await apply.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0, apply.Output);
        var stored = await pipeline.Target.ScalarAsync<long>("SELECT stream_offset FROM cdc_offsets");

        // About 1.5 MB of changes in one-row transactions: the stream keeps 300 kB in segments of 50 kB.
        for (var batch = 0; batch < 10; batch++)
            await pipeline.Source.ExecuteAsync(
                $"DO $$ BEGIN FOR i IN {batch * 100 + 1}..{batch * 100 + 100} LOOP INSERT INTO notes VALUES (i, repeat('x', 1500)); COMMIT; END LOOP; END $$;");
        await Eventually.ReachAsync(() => HeadOffsetAsync(pipeline.Stream), h => h > stored + 1, TimeSpan.FromSeconds(60),
            h => $"the stream still starts at offset {h}; the applier stored {stored}");

        apply = pipeline.StartApply();
        (await apply.WaitForExitAsync(TimeSpan.FromSeconds(60))).Should().Be(1, apply.Output);
        // Retention may have deleted more since: the applier says what the stream held when it came back.
        var head = long.Parse(Regex.Match(apply.Output, "the first offset the stream still holds is ([0-9]+)").Groups[1].Value, CultureInfo.InvariantCulture);
        head.Should().BeGreaterThan(stored + 1);
        apply.Output.Should().Contain($"Stream {pipeline.Stream} lost messages before applier {pipeline.Applier} applied them: it stands at offset {stored}")
            .And.Contain($"retention deleted offsets {stored + 1} to {head - 1}")
            .And.Contain($"cdc snapshot --office {pipeline.Office}")
            .And.Contain($"cdc offsets set --applier {pipeline.Applier} --stream {pipeline.Stream} --offset {head - 1}");
        (await pipeline.Target.RowsAsync("notes", "id")).Should().Equal(["(0,\"before the hole\")"], "nothing beyond the hole is applied");
        (await pipeline.Target.ScalarAsync<long>("SELECT stream_offset FROM cdc_offsets")).Should().Be(stored);

        // Beside another stream (one that does not exist yet, so its session keeps trying), the process goes on and /readyz tells the hole.
        var port = FreePorts.One();
        await using (var beside = CdcProcess.Start("apply", "--name", pipeline.Applier, "--streams", $"{pipeline.Stream},{pipeline.Stream}.other",
                         "--target", pipeline.Target.UriText, "--broker", pipeline.Broker, "--metrics-port", $"{port}"))
        {
            await beside.WaitForOutputAsync($"stopped applying {pipeline.Stream}; its other streams go on", TimeSpan.FromSeconds(60));
            using var http = new HttpClient();
            var ready = await http.GetAsync($"http://127.0.0.1:{port}/readyz");
            ready.StatusCode.Should().Be(System.Net.HttpStatusCode.ServiceUnavailable);
            (await ready.Content.ReadAsStringAsync()).Should().Contain($"stream {pipeline.Stream} has a hole: retention deleted offsets {stored + 1} to ");
            beside.HasExited.Should().BeFalse();
        }

        var status = await CdcProcess.RunAsync(TimeSpan.FromSeconds(60), "status", "--target", pipeline.Target.UriText, "--broker", pipeline.Broker, "--office", pipeline.Office);
        status.Output.Should().Contain($"HOLE: retention deleted offsets {stored + 1} to ");

        // The operator accepts the loss: the applier goes on from the first offset kept, and applies the rest of the stream.
        var set = await CdcProcess.RunAsync(TimeSpan.FromSeconds(60), "offsets", "set", "--applier", pipeline.Applier, "--stream", pipeline.Stream,
            "--offset", $"{head - 1}", "--target", pipeline.Target.UriText, "--broker", pipeline.Broker);
        set.ExitCode.Should().Be(0, set.Output);
        apply = pipeline.StartApply();
        await Eventually.ReachAsync(() => pipeline.Target.ScalarAsync<int>("SELECT max(id) FROM notes"), max => max == 1000, TimeSpan.FromSeconds(60),
            max => $"the target's last note is {max}; the applier said:\n{apply.Output}");
        apply.HasExited.Should().BeFalse(apply.Output);
    }

    /// <summary>The stream, declared before the capturer does (it keeps an existing stream as it is), with a small retention.</summary>
    private static async Task DeclareSmallStreamAsync(string stream)
    {
        await using var connection = await BrokerStreams.ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeclareAsync(stream, durable: true, exclusive: false, autoDelete: false, arguments: new Dictionary<string, object?>
        {
            ["x-queue-type"] = "stream",
            ["x-max-length-bytes"] = 300_000L,
            ["x-stream-max-segment-size-bytes"] = 50_000,
        });
    }

    private static async Task<long> HeadOffsetAsync(string stream)
    {
        await using var connection = await BrokerStreams.ConnectAsync();
        return await Cdc.Streams.Broker.StreamBroker.HeadOffsetAsync(connection, stream, CancellationToken.None) ?? -1;
    }
}
