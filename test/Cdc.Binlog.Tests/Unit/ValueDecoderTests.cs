using Cdc.Binlog.Protocol;
using Cdc.Binlog.Values;

namespace Cdc.Binlog.Tests.Unit;

/// <summary>
/// Each column type from its binary row format. Temporal and decimal byte sequences follow the formats of
/// MySQL's my_time.cc (*_to_binary) and decimal.c (decimal2bin); the expected bytes were computed from those
/// formulas (with Python) or taken from the example in decimal2bin's comment.
/// </summary>
public sealed class ValueDecoderTests
{
    private static object Decode(ColumnType type, int metadata, string hex, bool? unsigned = null, int? collation = null) =>
        ColumnValueDecoder.Decode(new ColumnInfo(0, type, metadata, true) { IsUnsigned = unsigned, Collation = collation },
            new PacketReader(Convert.FromHexString(hex)));

    private static TimeSpan Time(bool negative, int h, int m, int s, int us)
    {
        var ticks = ((h * 3600L + m * 60 + s) * 1_000_000 + us) * 10;
        return TimeSpan.FromTicks(negative ? -ticks : ticks);
    }

    public static TheoryData<ColumnType, int, string, bool?, object> Cases => new()
    {
        { ColumnType.Tiny, 0, "80", false, -128L },
        { ColumnType.Tiny, 0, "FF", true, 255UL },
        { ColumnType.Short, 0, "0080", false, -32768L },
        { ColumnType.Short, 0, "FFFF", true, 65535UL },
        { ColumnType.Int24, 0, "000080", false, -8388608L },
        { ColumnType.Int24, 0, "FFFF7F", false, 8388607L },
        { ColumnType.Int24, 0, "FFFFFF", true, 16777215UL },
        { ColumnType.Long, 0, "00000080", false, -2147483648L },
        { ColumnType.Long, 0, "FFFFFFFF", true, 4294967295UL },
        { ColumnType.LongLong, 0, "0000000000000080", false, long.MinValue },
        { ColumnType.LongLong, 0, "FFFFFFFFFFFFFFFF", true, ulong.MaxValue },
        { ColumnType.LongLong, 0, "FFFFFFFFFFFFFFFF", null, -1L },
        { ColumnType.Float, 4, "0000C0BF", null, -1.5f },
        { ColumnType.Double, 8, "FFFFFFFFFFFFEF7F", null, double.MaxValue },
        // decimal2bin's own example: 1234567890.1234 as DECIMAL(14,4) is 81 0D FB 38 D2 04 D2, negated 7E F2 04 C7 2D FB 2D.
        { ColumnType.NewDecimal, 14 << 8 | 4, "810DFB38D204D2", null, "1234567890.1234" },
        { ColumnType.NewDecimal, 14 << 8 | 4, "7EF204C72DFB2D", null, "-1234567890.1234" },
        { ColumnType.NewDecimal, 10 << 8 | 2, "8000000000", null, "0.00" },
        { ColumnType.NewDecimal, 4 << 8 | 0, "8001", null, "1" },
        { ColumnType.Bit, 1 << 8 | 2, "0201", null, 513UL },              // BIT(10): 1 full byte + 2 bits, big-endian
        { ColumnType.Bit, 8 << 8 | 0, "FFFFFFFFFFFFFFFF", null, ulong.MaxValue },
        { ColumnType.Year, 0, "00", null, 0 },
        { ColumnType.Year, 0, "FF", null, 2155 },
        { ColumnType.Date, 0, "5DD00F", null, new MySqlDateTime(2024, 2, 29, 0, 0, 0, 0) },
        { ColumnType.Date, 0, "000000", null, MySqlDateTime.Zero },
        { ColumnType.DateTime, 0, "F67CAC8B68120000", null, new MySqlDateTime(2024, 2, 29, 23, 59, 58, 0) }, // 20240229235958 little-endian
        { ColumnType.DateTime2, 0, "99B2BB7EFA", null, new MySqlDateTime(2024, 2, 29, 23, 59, 58, 0) },
        { ColumnType.DateTime2, 6, "FEF3FF7EFB0F423F", null, new MySqlDateTime(9999, 12, 31, 23, 59, 59, 999999) },
        { ColumnType.DateTime2, 0, "8000000000", null, MySqlDateTime.Zero },
        { ColumnType.Timestamp2, 2, "7FFFFFFF63", null, new MySqlDateTime(2038, 1, 19, 3, 14, 7, 990000) },
        { ColumnType.Timestamp2, 0, "00000000", null, MySqlDateTime.Zero },
        { ColumnType.Timestamp, 0, "FFFFFF7F", null, new MySqlDateTime(2038, 1, 19, 3, 14, 7, 0) },
        { ColumnType.Time2, 0, "B46EFB", null, Time(false, 838, 59, 59, 0) },
        { ColumnType.Time2, 0, "4B9105", null, Time(true, 838, 59, 59, 0) },
        { ColumnType.Time2, 1, "7FFFFFCE", null, Time(true, 0, 0, 0, 500000) },
        { ColumnType.Time2, 3, "7FFFFEFFF6", null, Time(true, 0, 0, 1, 1000) },
        { ColumnType.Time2, 6, "4B9105F0BDC1", null, Time(true, 838, 59, 58, 999999) },
        { ColumnType.Time, 0, "4003F8", null, Time(true, 52, 34, 56, 0) },   // old TIME: -523456 (HHMMSS digits) as signed 24-bit
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decodes_the_binary_row_format(ColumnType type, int metadata, string hex, bool? unsigned, object expected)
    {
        var value = Decode(type, metadata, hex, unsigned);

        value.Should().BeOfType(expected.GetType());
        value.Should().Be(expected);
    }

    [Fact]
    public void Decimal_65_30_keeps_every_digit()
    {
        // 35 integer digits: 8 in 4 bytes (leading group) + 3 groups of 9; 30 fraction digits: 3 groups of 9 + 3 in 2 bytes.
        DecimalDecoder.Size(65, 30).Should().Be(30);
        var bytes = Convert.FromHexString("85F5E0FF3B9AC9FF3B9AC9FF3B9AC9FF3B9AC9FF3B9AC9FF3B9AC9FF03E7");
        DecimalDecoder.Decode(new PacketReader(bytes), 65, 30).Should().Be(new string('9', 35) + "." + new string('9', 30));
        var negated = bytes.Select(b => (byte)~b).ToArray();
        DecimalDecoder.Decode(new PacketReader(negated), 65, 30).Should().Be("-" + new string('9', 35) + "." + new string('9', 30));
    }

    [Theory]
    [InlineData(45, "F09F9880", "😀")]            // utf8mb4_general_ci
    [InlineData(33, "C3A9", "é")]                 // utf8mb3_general_ci
    [InlineData(8, "80819F", "€\u0081Ÿ")]        // latin1_swedish_ci is Windows-1252 with 0x81 kept as U+0081
    [InlineData(1032, "E9", "é")]                // MariaDB latin1_swedish_nopad_ci = 8 + 1024
    [InlineData(11, "41", "A")]                  // ascii
    public void Text_decodes_with_the_column_charset(int collation, string hex, string expected)
    {
        var bytes = Convert.FromHexString(hex);
        var payload = new byte[] { (byte)bytes.Length }.Concat(bytes).ToArray();

        Decode(ColumnType.VarChar, 100, Convert.ToHexString(payload), collation: collation).Should().Be(expected);
    }

    [Fact]
    public void Binary_collation_gives_bytes_and_binary_char_is_padded()
    {
        Decode(ColumnType.VarChar, 10, "020001", collation: 63).Should().BeEquivalentTo(new byte[] { 0, 1 });
        Decode(ColumnType.String, 4, "026162", collation: 63).Should().BeEquivalentTo(new byte[] { 0x61, 0x62, 0, 0 });
        Decode(ColumnType.String, 1020, "0200" + "6162", collation: 45).Should().Be("ab", "CHAR over 255 bytes has a 2-byte length");
        Decode(ColumnType.Blob, 4, "03000000414243", collation: 45).Should().Be("ABC");
        Decode(ColumnType.Geometry, 4, "0200000001FF").Should().BeEquivalentTo(new byte[] { 1, 0xFF });
    }

    [Fact]
    public void Enum_and_set_map_to_their_symbols()
    {
        var e = new ColumnInfo(0, ColumnType.Enum, 1, false) { EnumValues = ["a", "b"] };
        var s = new ColumnInfo(0, ColumnType.Set, 1, false) { SetValues = ["x", "y", "z"] };

        ColumnValueDecoder.Decode(e, new PacketReader([2])).Should().Be("b");
        ColumnValueDecoder.Decode(e, new PacketReader([0])).Should().Be("");
        ColumnValueDecoder.Decode(s, new PacketReader([5])).Should().Be("x,z");
        ColumnValueDecoder.Decode(s, new PacketReader([0])).Should().Be("");
        var bad = () => ColumnValueDecoder.Decode(e, new PacketReader([3]));
        bad.Should().Throw<BinlogProtocolException>();
    }

    [Fact]
    public void Latin1_encoding_round_trips_all_256_bytes()
    {
        var all = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();

        var text = MySqlLatin1Encoding.Instance.GetString(all);

        text[0x80].Should().Be('€');
        text[0xE9].Should().Be('é');
        MySqlLatin1Encoding.Instance.GetBytes(text).Should().Equal(all);
    }
}
