using System.Text;

namespace Cdc.Binlog.Tests.Unit;

/// <summary>
/// A whole MySQL 8 session against <see cref="FakeMySqlServer"/>: caching_sha2 fast auth, the replica's session
/// variables, COM_REGISTER_SLAVE, COM_BINLOG_DUMP_GTID, v2 row events with binary JSON, heartbeats and the watchdog.
/// </summary>
public sealed class MySqlSessionTests
{
    private const string Uuid = "3e11fa47-71ca-11e1-9e33-c80aa9429562";

    internal static byte[][] Events()
    {
        // t (id INT, doc JSON): TABLE_MAP with JSON metadata = 4 length bytes, column names; WRITE_ROWS v2 with
        // one row whose doc is the binary JSON [1, "x"] (small array: count 2, size 12, inline int16, string at offset 10).
        var map = new Bytes().U48(5).U16(1).U8(1).Zero("d").U8(1).Zero("t").LenEnc(2).Raw(3, 245).LenEnc(1).U8(4).U8(0x02)
            .U8(4).LenEnc(7).LenEncText("id").LenEncText("doc");
        var json = Convert.FromHexString("02" + "0200" + "0C00" + "050100" + "0C0A00" + "0178");
        var row = new Bytes().U8(0).U32(7).U32((uint)json.Length).Raw(json);
        var gtid = new Bytes().U8(1).Hex(Uuid.Replace("-", "", StringComparison.Ordinal)).U64(6);
        return
        [
            Bytes.Event(BinlogEventType.Rotate, new Bytes().U64(4).Text("binlog.000003"), nextPosition: 0, flags: 0x20, timestamp: 0),
            EventDecoderTests.FormatDescription(algorithm: 1),
            Bytes.Event(BinlogEventType.Gtid, gtid, nextPosition: 200),
            Bytes.Event(BinlogEventType.TableMap, map, nextPosition: 300),
            Bytes.Event(BinlogEventType.WriteRowsV2, new Bytes().U48(5).U16(1).U16(2).LenEnc(2).U8(0x03).Of(row), nextPosition: 400),
            Bytes.Event(BinlogEventType.Xid, new Bytes().U64(99), nextPosition: 500),
            // HEARTBEAT: the source's file name; timestamp 0, the header's position is the source's position.
            Bytes.Event(BinlogEventType.Heartbeat, new Bytes().Text("binlog.000003"), nextPosition: 500, timestamp: 0),
        ];
    }

    [Fact]
    public async Task Gtid_dump_streams_decoded_events_then_the_watchdog_notices_silence()
    {
        await using var server = new FakeMySqlServer("pw", Events());
        var options = new BinlogClientOptions
        {
            Port = server.Port, User = "repl", Password = "pw", ServerId = 77, HeartbeatPeriod = TimeSpan.FromMilliseconds(500),
        };
        await using var client = await BinlogClient.ConnectAsync(options);
        var read = new List<BinlogEvent>();

        var act = async () =>
        {
            await foreach (var e in client.ReadEventsAsync(MySqlGtidSet.Parse($"{Uuid}:1-5")))
                read.Add(e);
        };

        (await act.Should().ThrowAsync<TimeoutException>()).Which.Message.Should().Contain("No event or heartbeat").And.Contain("binlog.000003");
        server.PasswordMatched.Should().BeTrue();
        client.IsMariaDb.Should().BeFalse();
        var queries = server.Commands.Where(c => c[0] == 0x03).Select(c => Encoding.UTF8.GetString(c, 1, c.Length - 1)).ToList();
        queries.Should().Contain(["SET @master_binlog_checksum = @@global.binlog_checksum", "SET @source_binlog_checksum = @@global.binlog_checksum",
            "SET @master_heartbeat_period = 500000000"]);
        queries.Should().NotContain(q => q.Contains("mariadb", StringComparison.Ordinal));
        server.Commands.Should().Contain(c => c[0] == 0x15, "the client registers as a replica");
        // COM_BINLOG_DUMP_GTID with the encoded set {uuid: [1, 6)}.
        server.Commands[^1].Should().Equal(new Bytes().U8(0x1E).U16(4).U32(77).U32(0).U64(4).U32(48)
            .U64(1).Hex(Uuid.Replace("-", "", StringComparison.Ordinal)).U64(1).U64(1).U64(6).ToArray());
        read.Select(e => e.GetType()).Should().Equal(typeof(RotateEvent), typeof(FormatDescriptionEvent), typeof(MySqlGtidEvent),
            typeof(TableMapEvent), typeof(WriteRowsEvent), typeof(XidEvent), typeof(HeartbeatEvent));
        read.Should().OnlyContain(e => e.FileName == "binlog.000003");
        ((MySqlGtidEvent)read[2]).Gtid.Should().Be(MySqlGtid.Parse($"{Uuid}:6"));
        ((WriteRowsEvent)read[4]).Rows.Single().ToArray().Should().Equal(7L, "[1, \"x\"]");
        read[^2].NextPosition.Should().Be(new BinlogPosition("binlog.000003", 500));
        ((HeartbeatEvent)read[^1]).LogFile.Should().Be("binlog.000003");
    }

    [Fact]
    public async Task Wrong_password_scramble_is_detected_by_the_server()
    {
        await using var server = new FakeMySqlServer("right", Events());

        await using var client = await BinlogClient.ConnectAsync(new BinlogClientOptions { Port = server.Port, User = "repl", Password = "wrong" });

        server.PasswordMatched.Should().BeFalse("the scramble depends on the password");
    }

    [Fact]
    public async Task Unreachable_server_names_the_address_and_what_to_check()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // a port nobody listens on

        var act = () => BinlogClient.ConnectAsync(new BinlogClientOptions { Port = port, User = "repl" });

        (await act.Should().ThrowAsync<BinlogProtocolException>()).Which.Message
            .Should().Contain($"127.0.0.1:{port}").And.Contain("listens on that address");
    }
}
