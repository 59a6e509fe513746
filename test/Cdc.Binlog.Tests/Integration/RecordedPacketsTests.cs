using Cdc.Binlog.Events;

namespace Cdc.Binlog.Tests.Integration;

/// <summary>
/// The fuzz corpus comes from the real server: a transaction touching every column kind, recorded packet by packet.
/// This test records it afresh and checks that every packet decodes; with CDC_BINLOG_FIXTURE_WRITE set it also
/// rewrites the committed fixture (test/Cdc.Binlog.Tests/Fuzz/mariadb-events.hex).
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class RecordedPacketsTests
{
    [Fact]
    public async Task Recorded_packets_of_every_column_kind_decode()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var client = await db.ConnectAsync();
        var from = await client.GetCurrentPositionAsync();
        await db.ExecuteAsync("""
            CREATE TABLE t (id INT UNSIGNED PRIMARY KEY, ti TINYINT, si SMALLINT, mi MEDIUMINT, bi BIGINT UNSIGNED,
              de DECIMAL(20,6), fl FLOAT, db DOUBLE, bt BIT(10), yr YEAR, d DATE, tm TIME(3), dt DATETIME(6), ts TIMESTAMP(2) NULL,
              vc VARCHAR(300), ch CHAR(4), bn BINARY(3), tx TEXT, bl BLOB, en ENUM('a','b','c'), st SET('x','y','z'),
              js JSON, ge POINT, l1 VARCHAR(10) CHARACTER SET latin1)
            """);
        await db.ExecuteAsync("""
            INSERT INTO t VALUES (1, -1, 300, -70000, 18446744073709551615, -12345.678901, 1.5, -2.25e100, b'1000000001', 2024,
              '2024-02-29', '-12:34:56.789', '2024-01-02 03:04:05.123456', '2024-06-01 12:00:00.5', REPEAT('v', 260), 'ab', 'x',
              'text', x'00FF10', 'b', 'x,z', '{"k": [1, "two", null]}', POINT(1, 2), 'é'),
              (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)
            """);
        await db.ExecuteAsync("UPDATE t SET vc = 'short', en = 'c', js = '[]' WHERE id = 1");
        await db.ExecuteAsync("DELETE FROM t WHERE id = 2");

        var events = await PacketRecorder.RecordAsync(TestDatabase.Options(), from);

        var decoder = new EventDecoder("", hasChecksum: true, verifyChecksums: true);
        var decoded = events.Select(e => decoder.Decode(e, 0, e.Length)).ToList();
        decoded.Select(e => e.GetType()).Should().Contain([typeof(RotateEvent), typeof(FormatDescriptionEvent), typeof(MariaDbGtidEvent),
            typeof(QueryEvent), typeof(AnnotateRowsEvent), typeof(TableMapEvent), typeof(WriteRowsEvent), typeof(UpdateRowsEvent),
            typeof(DeleteRowsEvent), typeof(XidEvent)]);
        decoded.OfType<WriteRowsEvent>().Single().Rows.Should().HaveCount(2);
        if (Environment.GetEnvironmentVariable("CDC_BINLOG_FIXTURE_WRITE") is { Length: > 0 } path)
            await File.WriteAllTextAsync(path, PacketRecorder.ToHexLines(events,
                $"Binlog events recorded from {client.ServerVersion} by RecordedPacketsTests (CDC_BINLOG_FIXTURE_WRITE=<path>).\nOne event per line (header, body, CRC32), from a fake ROTATE to the last XID."));
    }
}
