using System.Net;
using System.Net.Sockets;
using Cdc.Binlog.Protocol;

namespace Cdc.Binlog.Tests.Unit;

/// <summary>
/// A loopback stand-in for a MySQL 8 source, enough to drive <see cref="BinlogClient"/> through a whole session
/// without a server: HandshakeV10 with caching_sha2_password, fast-auth, OK or a one-value result set for each
/// query, OK for COM_REGISTER_SLAVE, then the scripted binlog events after the dump command, then silence.
/// </summary>
internal sealed class FakeMySqlServer : IAsyncDisposable
{
    private static readonly byte[] Nonce = [.. Enumerable.Range(30, 20).Select(i => (byte)i)];
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly byte[][] _events;
    private readonly byte[]? _rawDump;
    private readonly Task _session;
    private readonly CancellationTokenSource _stop = new();

    public FakeMySqlServer(string password, params byte[][] events)
    {
        _events = events;
        _listener.Start();
        _session = Task.Run(() => ServeAsync(password));
    }

    /// <summary>A server that answers the dump command with <paramref name="rawDump"/> (framed packets, or junk) and hangs up.</summary>
    public FakeMySqlServer(string password, byte[] rawDump)
    {
        _events = [];
        _rawDump = rawDump;
        _listener.Start();
        _session = Task.Run(() => ServeAsync(password));
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Payloads the client sent after authenticating (queries and commands), in order.</summary>
    public List<byte[]> Commands { get; } = [];

    /// <summary>The auth response was the caching_sha2 scramble of the expected password.</summary>
    public bool PasswordMatched { get; private set; }

    private async Task ServeAsync(string password)
    {
        using var socket = await _listener.AcceptTcpClientAsync();
        var channel = new PacketChannel(socket.GetStream());
        await channel.WritePayloadAsync(HandshakeTests.HandshakeV10WithNonce("8.0.36", 0x00FF_F7FF & ~0x800u, "caching_sha2_password", Nonce), default);
        var response = new PacketReader(await channel.ReadPayloadAsync(default));
        response.Skip(32);
        response.ReadNullTerminatedString();
        var scramble = response.ReadBytes(response.ReadLengthEncodedInt32());
        PasswordMatched = scramble.AsSpan().SequenceEqual(AuthScramble.CachingSha2(password, Nonce));
        await channel.WritePayloadAsync([0x01, 0x03], default);
        await channel.WritePayloadAsync(Ok, default);
        while (true)
        {
            byte[] command;
            try
            {
                command = await channel.ReadPayloadAsync(default);
            }
            catch (BinlogProtocolException)
            {
                return; // the client hung up
            }
            Commands.Add(command);
            channel.Sequence = 1;
            switch (command[0])
            {
                case 0x03 when System.Text.Encoding.UTF8.GetString(command, 1, command.Length - 1).StartsWith("SELECT", StringComparison.Ordinal):
                    foreach (var packet in SingleValueResult("CRC32"))
                        await channel.WritePayloadAsync(packet, default);
                    break;
                case 0x12 or 0x1E when _rawDump is not null:
                    await channel.Stream.WriteAsync(_rawDump);
                    return;
                case 0x12 or 0x1E:
                    foreach (var e in _events)
                        await channel.WritePayloadAsync([0x00, .. e], default);
                    await Task.Delay(Timeout.Infinite, _stop.Token).ContinueWith(_ => { }); // then silence
                    return;
                case 0x01:
                    return;
                default:
                    await channel.WritePayloadAsync(Ok, default);
                    break;
            }
        }
    }

    private static byte[] Ok => [0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00];

    /// <summary>Text result set: column count, one ColumnDefinition41, EOF, one row, EOF.</summary>
    private static IEnumerable<byte[]> SingleValueResult(string value)
    {
        yield return [1];
        yield return new Bytes().LenEncText("def").LenEncText("").LenEncText("").LenEncText("").LenEncText("v").LenEncText("")
            .U8(0x0C).U16(45).U32(255).U8(253).U16(0).U8(0).U16(0).ToArray();
        yield return [0xFE, 0, 0, 2, 0];
        yield return new Bytes().LenEncText(value).ToArray();
        yield return [0xFE, 0, 0, 2, 0];
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _session.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { });
        _stop.Dispose();
    }
}
