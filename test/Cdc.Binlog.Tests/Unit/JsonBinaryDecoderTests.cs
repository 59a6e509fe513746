using Cdc.Binlog.Values;

namespace Cdc.Binlog.Tests.Unit;

/// <summary>
/// MySQL binary JSON, bytes built by hand from the format description in sql-common/json_binary.h
/// (https://dev.mysql.com/doc/dev/mysql-server/latest/json__binary_8h.html): a type byte, then for objects/arrays
/// element count and byte size (2 bytes each in the small form, 4 in the large), key entries (offset, length),
/// value entries (type, offset or inlined value), keys, values; offsets count from the byte after the type.
/// </summary>
public sealed class JsonBinaryDecoderTests
{
    [Theory]
    // {"a": 1, "bc": [true, "x"]}: small object of 33 bytes; key entries at 4, value entries at 12, keys at 18;
    // 1 is an inlined int16; the array (small, 12 bytes) sits at offset 21 and holds an inlined literal and a string.
    [InlineData("00" + "0200" + "2100" + "12000100" + "13000200" + "050100" + "021500" + "61" + "6263"
        + "0200" + "0C00" + "040100" + "0C0A00" + "0178", "{\"a\": 1, \"bc\": [true, \"x\"]}")]
    // [-5, 2147483648]: large array; int32 and uint32 are inlined in 4-byte entries.
    [InlineData("03" + "02000000" + "12000000" + "07FBFFFFFF" + "0800000080", "[-5, 2147483648]")]
    [InlineData("0400", "null")]
    [InlineData("0402", "false")]
    [InlineData("09FFFFFFFFFFFFFFFF", "-1")]
    [InlineData("0AFFFFFFFFFFFFFFFF", "18446744073709551615")]
    [InlineData("0B0000000000000C40", "3.5")]
    [InlineData("0C04" + "61225C0A", "\"a\\\"\\\\\\n\"")]
    [InlineData("0C04" + "F09F9880", "\"😀\"")]
    // Opaque DECIMAL: column type 246, length, precision, scale, decimal2bin bytes.
    [InlineData("0FF6070A0280BC614E5B", "12345678.91")]
    // Opaque DATETIME / DATE / TIME: column type 12 / 10 / 11, length 8, the packed 64-bit temporal value.
    [InlineData("0F0C0840E201FA7EBBB219", "\"2024-02-29 23:59:58.123456\"")]
    [InlineData("0F0A080000000000BAB219", "\"2024-02-29\"")]
    [InlineData("0F0B08E05EF87CEFFFFFFF", "\"-01:02:03.500000\"")]
    [InlineData("0F0F020102", "\"base64:type15:AQI=\"")]
    [InlineData("", "null")]
    public void Decodes_to_mysql_json_text(string hex, string expected)
    {
        JsonBinaryDecoder.Decode(Convert.FromHexString(hex)).Should().Be(expected);
    }

    [Fact]
    public void Long_strings_use_a_multi_byte_length()
    {
        var text = new string('x', 200);
        // 200 = 0b1_1001000: low 7 bits with the continuation bit (0xC8), then 0x01.
        var bytes = new byte[] { 0x0C, 0xC8, 0x01 }.Concat(System.Text.Encoding.ASCII.GetBytes(text)).ToArray();

        JsonBinaryDecoder.Decode(bytes).Should().Be("\"" + text + "\"");
    }

    [Fact]
    public void Corrupt_offsets_are_a_protocol_error()
    {
        var act = () => JsonBinaryDecoder.Decode(Convert.FromHexString("0002002100FF00"));

        act.Should().Throw<BinlogProtocolException>().WithMessage("*binary JSON*");
    }
}
