using System.Buffers.Binary;
using Cdc.Binlog.Events;
using Cdc.Binlog.Protocol;
using Cdc.Binlog.Tests.Unit;
using Xunit.Abstractions;

namespace Cdc.Binlog.Tests.Fuzz;

/// <summary>
/// The binlog client against a hostile server: recorded dumps mutated at random with fixed seeds (case n of a test
/// is always the same bytes). Every case must end in decoded events or a <see cref="BinlogProtocolException"/>
/// (or the server's own error), within <see cref="FuzzLimits.CaseTime"/>, allocating in proportion to the bytes
/// received. `make test` runs a few thousand cases; `make soak` sets CDC_FUZZ_CASES=100000.
/// </summary>
public sealed class BinlogFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void Mutated_events_decode_or_are_refused()
    {
        var cases = FuzzLimits.Cases(4000);
        var runner = new FuzzRunner();

        runner.Run(cases, (int n, ref long input) =>
        {
            var random = new Random(n * 7919 + 1);
            var seed = FuzzCorpus.Seeds[n % FuzzCorpus.Seeds.Count];
            var events = EventMutator.Mutate(random, seed.Events, hasChecksum: true);
            input = events.Sum(e => (long)e.Length);
            var decoder = new EventDecoder("", hasChecksum: true, verifyChecksums: random.Next(2) == 0);
            foreach (var e in events)
                decoder.Decode(e, 0, e.Length);
        });

        output.WriteLine(runner.Summary("events", cases));
        runner.Failures.Should().BeEmpty(runner.Summary("events", cases));
        runner.Refused.Should().BeGreaterThan(cases / 10, "the mutations must reach the decoder's checks");
        runner.Clean.Should().BeGreaterThan(cases / 20, "some mutations leave decodable streams");
    }

    [Fact]
    public void Mutated_packet_frames_are_read_or_refused()
    {
        var cases = FuzzLimits.Cases(4000);
        var runner = new FuzzRunner();

        runner.Run(cases, (int n, ref long input) =>
        {
            var random = new Random(n * 6007 + 2);
            var seed = FuzzCorpus.Seeds[n % FuzzCorpus.Seeds.Count];
            var wire = MutateFrames(random, Frame(EventMutator.Mutate(random, seed.Events, hasChecksum: true)));
            input = wire.Length;
            ReadDump(new PacketChannel(new MemoryStream(wire)));
        });

        output.WriteLine(runner.Summary("frames", cases));
        runner.Failures.Should().BeEmpty(runner.Summary("frames", cases));
    }

    [Fact]
    public void A_hostile_server_session_ends_in_a_protocol_error()
    {
        var cases = Math.Max(40, FuzzLimits.Cases(40) / 100);
        var runner = new FuzzRunner();

        runner.Run(cases, (int n, ref long input) =>
        {
            var random = new Random(n * 4001 + 3);
            var seed = FuzzCorpus.Seeds[n % FuzzCorpus.Seeds.Count];
            var wire = MutateFrames(random, Frame(EventMutator.Mutate(random, seed.Events, hasChecksum: true)));
            ReadSessionAsync(wire).GetAwaiter().GetResult();
        });

        output.WriteLine(runner.Summary("sessions", cases));
        runner.Failures.Should().BeEmpty(runner.Summary("sessions", cases));
        runner.Clean.Should().Be(0, "the server hangs up after its bytes, which the client must report");
    }

    [Fact]
    public void Mutated_handshakes_parse_or_are_refused()
    {
        var cases = FuzzLimits.Cases(4000);
        var runner = new FuzzRunner();
        byte[][] seeds =
        [
            HandshakeTests.HandshakeV10WithNonce("8.0.36", 0x00FF_F7FF, "caching_sha2_password", [.. Enumerable.Range(1, 20).Select(i => (byte)i)]),
            HandshakeTests.HandshakeV10WithNonce("5.5.5-10.11.6-MariaDB", 0x00FF_F7FF, "mysql_native_password", [.. Enumerable.Range(1, 20).Select(i => (byte)i)]),
        ];

        runner.Run(cases, (int n, ref long input) =>
        {
            var random = new Random(n * 3001 + 4);
            var packet = EventMutator.Mutate(random, [seeds[n % seeds.Length]], hasChecksum: false).FirstOrDefault() ?? [];
            input = packet.Length;
            InitialHandshake.Parse(packet);
        });

        output.WriteLine(runner.Summary("handshakes", cases));
        runner.Failures.Should().BeEmpty(runner.Summary("handshakes", cases));
    }

    /// <summary>What BinlogClient does with dump packets: events decoded, ERR turned into an exception, EOF ends.</summary>
    private static void ReadDump(PacketChannel channel)
    {
        var decoder = new EventDecoder("", hasChecksum: true, verifyChecksums: true);
        while (true)
        {
            var packet = channel.ReadPayloadAsync(default).AsTask().GetAwaiter().GetResult();
            switch (packet.Length == 0 ? (byte)0xFE : packet[0])
            {
                case 0x00:
                    decoder.Decode(packet, 1, packet.Length - 1);
                    break;
                case 0xFF:
                    throw ServerErrors.FromErrorPacket(packet, "reading the binlog");
                case 0xFE when packet.Length < 9:
                    return;
                default:
                    throw new BinlogProtocolException($"Unexpected packet 0x{packet[0]:X2}.");
            }
        }
    }

    private static async Task ReadSessionAsync(byte[] wire)
    {
        await using var server = new FakeMySqlServer("pw", rawDump: wire);
        var options = new BinlogClientOptions { Port = server.Port, User = "repl", Password = "pw", ServerId = 7, ConnectTimeout = TimeSpan.FromSeconds(5) };
        await using var client = await BinlogClient.ConnectAsync(options);
        using var timeout = new CancellationTokenSource(FuzzLimits.CaseTime);
        await foreach (var _ in client.ReadEventsAsync(MySqlGtidSet.Empty, timeout.Token))
        {
        }
    }

    /// <summary>Dump packets as the server frames them: 3-byte length, sequence id, the OK byte 0x00, the event.</summary>
    private static byte[] Frame(byte[][] events)
    {
        var wire = new List<byte>();
        byte sequence = 1;
        foreach (var e in events)
        {
            var length = e.Length + 1;
            wire.AddRange([(byte)length, (byte)(length >> 8), (byte)(length >> 16), sequence++, 0x00]);
            wire.AddRange(e);
        }
        return [.. wire];
    }

    /// <summary>Frame-level damage: a packet length claiming up to 16 MiB, an ERR or EOF marker, or the stream cut short.</summary>
    private static byte[] MutateFrames(Random random, byte[] wire)
    {
        if (wire.Length < 5)
            return wire;
        var at = 0;
        var target = random.Next(8);
        for (var i = 0; i < target && at + 4 < wire.Length; i++)
            at += 4 + (int)(BinaryPrimitives.ReadUInt32LittleEndian(wire.AsSpan(at)) & 0xFFFFFF);
        if (at + 5 > wire.Length)
            return wire;
        switch (random.Next(6))
        {
            case 0:
                wire[at] = wire[at + 1] = wire[at + 2] = 0xFF; // 16 MiB - 1: a continued packet
                break;
            case 1:
                wire[at + 2] = (byte)random.Next(256);
                break;
            case 2:
                wire[at + 4] = 0xFF; // an ERR packet with whatever follows as its code and message
                break;
            case 3:
                wire[at + 4] = 0xFE;
                break;
            case 4:
                return wire[..random.Next(wire.Length)];
            default:
                break;
        }
        return wire;
    }
}
