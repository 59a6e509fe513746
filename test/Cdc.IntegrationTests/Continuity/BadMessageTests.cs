using System.Net;
using System.Net.Sockets;
using Cdc.Positions;
using Cdc.Streams.Broker;
using Cdc.Streams.Consuming;
using Cdc.Streams.Messages;

namespace Cdc.IntegrationTests.Continuity;

/// <summary>
/// One bad message stops one stream, not the office: each bad input (a foreign message, a cdc-schemas header without
/// <c>@</c>, an oversized record count, a huge varint, an out-of-range time, an insert without an after image, a value a
/// CHECK constraint refuses) published raw into a stream the applier reads. With <c>--on-bad-message stop</c> that
/// stream halts at the message's offset, said in the log and /readyz, while another stream of the same applier goes on;
/// with <c>park</c> the message lands in <c>cdc.&lt;office&gt;.dead</c> with its reason and offset, once, and the
/// stream's later changes are applied.
/// </summary>
public sealed class BadMessageTests
{
    private const string Target = "CREATE SCHEMA shop; CREATE TABLE shop.items (id integer PRIMARY KEY, qty integer CHECK (qty >= 0));";
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task Stop_halts_only_the_stream_of_each_bad_message_at_its_offset()
    {
        await using var head = await PostgresDatabase.CreateAsync("badstop");
        await head.ExecuteAsync(Target);
        var offices = new List<RawOfficeStream>();
        await using var processes = new ProcessGroup();
        try
        {
            foreach (var _ in RawOfficeStream.BadInputs.Append("good"))
                offices.Add(await RawOfficeStream.CreateAsync(TestServers.UniqueName("bad").ToLowerInvariant()));
            var good = offices[^1];
            var port = FreePorts.One();
            var applier = processes.Start(["apply", "--name", "head", "--streams", string.Join(',', offices.Select(o => o.Stream)), "--target", head.UriText,
                "--broker", TestServers.Broker, "--metrics-port", $"{port}", "--schema-patience", "00:00:05"]);
            var badAt = new Dictionary<string, long>();
            for (var i = 0; i < RawOfficeStream.BadInputs.Length; i++)
            {
                await offices[i].InsertAsync(i * 10, 1);
                badAt[offices[i].Stream] = await offices[i].PublishBadAsync(RawOfficeStream.BadInputs[i], i * 10 + 1);
                await offices[i].InsertAsync(i * 10 + 2, 1); // after the bad message: never applied under stop
            }
            foreach (var (stream, offset) in badAt)
                await applier.WaitForOutputAsync($"stopped applying {stream}", TimeSpan.FromSeconds(60));
            foreach (var (stream, offset) in badAt)
                applier.Output.Should().ContainAny($"at offset {offset} of stream {stream} cannot be applied", $"at offsets {offset}..{offset} of stream {stream} cannot be applied");

            // The good stream goes on, and the process with it.
            await good.InsertAsync(1000, 5);
            await Eventually.ReachAsync(() => head.ScalarAsync<long>("SELECT count(*) FROM shop.items WHERE id = 1000"), n => n == 1, TimeSpan.FromSeconds(30),
                n => $"the good stream's row is missing; the applier said:\n{applier.Output}");
            applier.HasExited.Should().BeFalse();
            (await head.RowsAsync("shop.items", "id")).Should().Equal(
                Enumerable.Range(0, RawOfficeStream.BadInputs.Length).Select(i => $"({i * 10},1)").Append("(1000,5)"));

            // /readyz: 503, each halted stream with its offset and the command that skips it.
            var ready = await Http.GetAsync($"http://127.0.0.1:{port}/readyz");
            ready.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            var body = await ready.Content.ReadAsStringAsync();
            foreach (var (stream, offset) in badAt)
                body.Should().Contain($"halted at offset {offset} of {stream}").And.Contain($"cdc offsets set --applier head --stream {stream} --offset {offset}");
            body.Should().NotContain($"apply head {good.Stream}");

            // cdc status lists each halted stream with its offset and reason; the good one is not among them.
            var status = await CdcProcess.RunAsync(TimeSpan.FromSeconds(60), "status", "--target", head.UriText, "--broker", TestServers.Broker,
                "--office", string.Join(',', offices.Select(o => o.Office)));
            status.ExitCode.Should().Be(0, status.Output);
            var lines = status.Output.Split('\n');
            foreach (var (stream, offset) in badAt)
                lines.Should().Contain(l => l.StartsWith($"head\t{stream}\t", StringComparison.Ordinal) && l.Contains($"\t{offset}\t", StringComparison.Ordinal) &&
                    l.Contains("cannot be applied", StringComparison.Ordinal), $"{status.Output}\nThe applier said:\n{applier.Output}");
            lines.Should().NotContain(l => l.StartsWith($"head\t{good.Stream}\t", StringComparison.Ordinal) && l.Contains("cannot be applied", StringComparison.Ordinal));

            // Once the last stream halts too, the process ends with exit code 1.
            var last = await good.PublishBadAsync("foreign", 1001);
            (await applier.WaitForExitAsync(TimeSpan.FromSeconds(60))).Should().Be(1, applier.Output);
            applier.Output.Should().Contain($"at offset {last} of stream {good.Stream} cannot be applied").And.Contain("every stream of applier head halted");
        }
        finally
        {
            foreach (var office in offices)
                await office.DisposeAsync();
        }
    }

    [Fact]
    public async Task Park_sets_each_bad_message_aside_once_and_applies_what_follows()
    {
        await using var head = await PostgresDatabase.CreateAsync("badpark");
        await head.ExecuteAsync(Target);
        await using var office = await RawOfficeStream.CreateAsync(TestServers.UniqueName("park").ToLowerInvariant());
        await using var processes = new ProcessGroup();
        var parkedAt = new List<long>();
        for (var i = 0; i < RawOfficeStream.BadInputs.Length; i++)
        {
            await office.InsertAsync(i * 10, 1);
            parkedAt.Add(await office.PublishBadAsync(RawOfficeStream.BadInputs[i], i * 10 + 1));
        }
        await office.InsertAsync(1000, 1);
        string[] apply = ["apply", "--name", "head", "--streams", office.Stream, "--target", head.UriText, "--broker", TestServers.Broker, "--on-bad-message", "park"];
        var applier = processes.Start(apply);
        await Eventually.ReachAsync(() => head.ScalarAsync<long>("SELECT count(*) FROM shop.items WHERE id = 1000"), n => n == 1, TimeSpan.FromSeconds(60),
            n => $"the row after the bad messages is missing; the applier said:\n{applier.Output}");
        (await head.RowsAsync("shop.items", "id")).Should().Equal(
            Enumerable.Range(0, RawOfficeStream.BadInputs.Length).Select(i => $"({i * 10},1)").Append("(1000,1)"));

        var dead = StreamNames.DeadLetters(office.Office);
        var parked = await ReadParkedAsync(dead, parkedAt.Count);
        parked.Select(p => p.Offset).Should().Equal(parkedAt);
        parked.Should().OnlyContain(p => p.Stream == office.Stream && p.Applier == "head" && p.Reason.Length > 0);
        parked[^1].Reason.Should().Contain("check");

        // A restart parks nothing twice, and later changes still apply.
        (await applier.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
        var again = processes.Start(apply);
        await office.InsertAsync(1001, 1);
        await Eventually.ReachAsync(() => head.ScalarAsync<long>("SELECT count(*) FROM shop.items WHERE id = 1001"), n => n == 1, TimeSpan.FromSeconds(60),
            n => $"the row after the restart is missing; the applier said:\n{again.Output}");
        (await BrokerStreams.TailOffsetAsync(dead)).Should().Be(parkedAt.Count - 1);

        // cdc tail shows each parked message with the offset it came from and why.
        var tail = await CdcProcess.RunAsync(TimeSpan.FromSeconds(60), "tail", "--stream", dead, "--broker", TestServers.Broker);
        tail.ExitCode.Should().Be(0, tail.Output);
        foreach (var offset in parkedAt)
            tail.Output.Should().Contain($"\"parked_from\":\"{office.Stream}\",\"parked_offset\":{offset},\"reason\":");
    }

    private static async Task<List<ParkedMessage>> ReadParkedAsync(string dead, int count)
    {
        await using var connection = await BrokerStreams.ConnectAsync();
        await using var consumer = await StreamConsumer.StartAsync(connection, dead, new StreamOffset(0), 100, CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var parked = new List<ParkedMessage>();
        await foreach (var message in consumer.ReadAsync(timeout.Token))
        {
            parked.Add(ParkedMessage.FromAmqp(message.Headers)!);
            if (parked.Count == count)
                break;
        }
        return parked;
    }

}
