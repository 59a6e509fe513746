using Cdc.Binlog.Tests.Unit;

namespace Cdc.Binlog.Tests.Fuzz;

/// <summary>
/// The streams the fuzz tests mutate: binlog events recorded from the real MariaDB (mariadb-events.hex, written by
/// RecordedPacketsTests) and the scripted MySQL 8 session of <see cref="FakeMySqlServer"/>, plus MySQL row
/// events carrying nested binary JSON. Each seed is a whole dump: its events depend on each other (ROTATE,
/// FORMAT_DESCRIPTION, TABLE_MAP before rows).
/// </summary>
internal static class FuzzCorpus
{
    public sealed record Seed(string Name, byte[][] Events);

    public static IReadOnlyList<Seed> Seeds { get; } = Load();

    private static List<Seed> Load() =>
    [
        new("MariaDB recording", ReadHex(Path.Combine(AppContext.BaseDirectory, "Fuzz", "mariadb-events.hex"))),
        new("MySQL 8 session", MySqlSessionTests.Events()),
        new("MySQL 8 JSON rows", MySqlJsonRows()),
    ];

    private static byte[][] ReadHex(string path) =>
    [
        .. File.ReadAllLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(Convert.FromHexString),
    ];

    /// <summary>t (id INT, doc JSON, amount DECIMAL(10,2)): a write and an update whose documents nest objects and arrays.</summary>
    private static byte[][] MySqlJsonRows()
    {
        // {"a": 1, "bc": [true, "x"]}, then [-5, 2147483648] (large array), then {"a": 1, "bc": [true, "x"]} again.
        var nested = Convert.FromHexString("00" + "0200" + "2100" + "12000100" + "13000200" + "050100" + "021500" + "61" + "6263"
            + "0200" + "0C00" + "040100" + "0C0A00" + "0178");
        var large = Convert.FromHexString("03" + "02000000" + "12000000" + "07FBFFFFFF" + "0800000080");
        var decimalTwo = Convert.FromHexString("8000000C22"); // DECIMAL(10,2) 12.34
        var map = new Bytes().U48(9).U16(1).U8(1).Zero("d").U8(1).Zero("t").LenEnc(3).Raw(3, 245, 246).LenEnc(3).U8(4).U8(10).U8(2)
            .U8(0x06).U8(4).LenEnc(14).LenEncText("id").LenEncText("doc").LenEncText("amount");
        Bytes Row(int id, byte[] doc) => new Bytes().U8(0).U32((uint)id).U32((uint)doc.Length).Raw(doc).Raw(decimalTwo);
        return
        [
            Bytes.Event(BinlogEventType.Rotate, new Bytes().U64(4).Text("binlog.000007"), nextPosition: 0, flags: 0x20, timestamp: 0),
            EventDecoderTests.FormatDescription(algorithm: 1),
            Bytes.Event(BinlogEventType.TableMap, map, nextPosition: 300),
            Bytes.Event(BinlogEventType.WriteRowsV2, new Bytes().U48(9).U16(1).U16(2).LenEnc(3).U8(0x07).Of(Row(1, nested)).Of(Row(2, large)), nextPosition: 400),
            Bytes.Event(BinlogEventType.UpdateRowsV2, new Bytes().U48(9).U16(1).U16(2).LenEnc(3).U8(0x07).U8(0x07).Of(Row(1, nested)).Of(Row(1, large)), nextPosition: 500),
            Bytes.Event(BinlogEventType.Xid, new Bytes().U64(99), nextPosition: 600),
        ];
    }
}
