using Cdc.Binlog.Protocol;

namespace Cdc.Binlog.Tests.Unit;

public sealed class ProtocolCodecTests
{
    [Theory]
    [InlineData(0UL, "00")]
    [InlineData(250UL, "FA")]
    [InlineData(251UL, "FCFB00")]
    [InlineData(65535UL, "FCFFFF")]
    [InlineData(65536UL, "FD000001")]
    [InlineData(16777215UL, "FDFFFFFF")]
    [InlineData(16777216UL, "FE0000000100000000")]
    [InlineData(ulong.MaxValue, "FEFFFFFFFFFFFFFFFF")]
    public void Length_encoded_integers_round_trip(ulong value, string hex)
    {
        // Protocol::LengthEncodedInteger: < 0xFB one byte; 0xFC + 2 bytes; 0xFD + 3 bytes; 0xFE + 8 bytes.
        var bytes = new PacketWriter().WriteLengthEncodedInteger(value).ToArray();

        Convert.ToHexString(bytes).Should().Be(hex);
        new PacketReader(bytes).ReadLengthEncodedInteger().Should().Be(value);
    }

    [Fact]
    public void Reader_reads_fixed_integers_strings_and_the_null_marker()
    {
        var bytes = new Bytes().U16(0x1234).U24(0x563412).U32(0xDEADBEEF).U48(0x0000_1122_3344_5566).U64(ulong.MaxValue)
            .Zero("nul-terminated").LenEncText("lenenc ✓").U8(0xFB).Text("rest").ToArray();
        var reader = new PacketReader(bytes);

        reader.ReadUInt16().Should().Be(0x1234);
        reader.ReadUInt24().Should().Be(0x563412);
        reader.ReadUInt32().Should().Be(0xDEADBEEF);
        reader.ReadUInt48().Should().Be(0x1122_3344_5566);
        reader.ReadUInt64().Should().Be(ulong.MaxValue);
        reader.ReadNullTerminatedString().Should().Be("nul-terminated");
        reader.ReadLengthEncodedString().Should().Be("lenenc ✓");
        reader.ReadLengthEncodedIntegerOrNull().Should().BeNull();
        reader.ReadRestAsString().Should().Be("rest");
        reader.IsAtEnd.Should().BeTrue();
    }

    [Fact]
    public void Reading_past_the_end_is_a_protocol_error_not_an_index_error()
    {
        var reader = new PacketReader([1, 2, 3]);

        var act = () => reader.ReadUInt32();

        act.Should().Throw<BinlogProtocolException>().WithMessage("*needed 4 byte(s)*");
    }

    [Fact]
    public async Task Channel_frames_payloads_with_length_and_sequence()
    {
        var stream = new MemoryStream();
        var channel = new PacketChannel(stream) { Sequence = 3 };

        await channel.WritePayloadAsync([0xAA, 0xBB], CancellationToken.None);

        // Protocol::Packet: payload length (3 bytes little-endian), sequence id, payload.
        stream.ToArray().Should().Equal(0x02, 0x00, 0x00, 0x03, 0xAA, 0xBB);
        channel.Sequence.Should().Be(4);
    }

    [Fact]
    public async Task Channel_joins_payloads_split_at_16_MiB_and_writes_them_split()
    {
        var payload = new byte[0xFFFFFF + 10];
        payload[^1] = 7;
        var stream = new MemoryStream();
        await new PacketChannel(stream).WritePayloadAsync(payload, CancellationToken.None);
        var wire = stream.ToArray();

        // A payload of 2^24-1 bytes or more continues in the next packet (sequence + 1).
        wire[..4].Should().Equal(0xFF, 0xFF, 0xFF, 0x00);
        wire.AsSpan(4 + 0xFFFFFF, 4).ToArray().Should().Equal(10, 0, 0, 1);
        stream.Position = 0;
        var read = await new PacketChannel(stream).ReadPayloadAsync(CancellationToken.None);
        read.Length.Should().Be(payload.Length);
        read[^1].Should().Be(7);
    }

    [Fact]
    public async Task Channel_reports_a_closed_connection()
    {
        var act = async () => await new PacketChannel(new MemoryStream([5, 0, 0, 0, 1])).ReadPayloadAsync(CancellationToken.None);

        await act.Should().ThrowAsync<BinlogProtocolException>().WithMessage("*closed the connection*");
    }

    [Fact]
    public void Error_packet_becomes_a_typed_exception_with_code_state_and_advice()
    {
        // ERR_Packet: 0xFF, error code (2 bytes), '#', SQL state (5 chars), message.
        var packet = new Bytes().U8(0xFF).U16(1045).Text("#28000").Text("Access denied for user 'cdc'@'10.0.0.1' (using password: YES)").ToArray();

        var error = ServerErrors.FromErrorPacket(packet, "authenticating user 'cdc' at db:3306");

        error.ErrorCode.Should().Be(1045);
        error.SqlState.Should().Be("28000");
        error.ServerMessage.Should().StartWith("Access denied");
        error.Message.Should().Contain("'cdc'@'10.0.0.1'").And.Contain("db:3306").And.Contain("Check the password");
    }

    [Fact]
    public void Crc32_matches_the_standard_check_value()
    {
        // The CRC-32/ISO-HDLC check value of "123456789" (zlib's crc32) is 0xCBF43926.
        Crc32.Compute("123456789"u8).Should().Be(0xCBF43926);
        Crc32.Compute([]).Should().Be(0);
    }

    [Fact]
    public void Commands_have_the_documented_layout()
    {
        // COM_BINLOG_DUMP: 0x12, position u32, flags u16, server id u32, file name.
        Commands.BinlogDump("bin.000002", 260, 0, 7).Should().Equal(
            new Bytes().U8(0x12).U32(260).U16(0).U32(7).Text("bin.000002").ToArray());
        // COM_REGISTER_SLAVE: 0x15, server id, host/user/password each with a 1-byte length, port, rank, source id.
        Commands.RegisterReplica(7, "h", "u", 0).Should().Equal(
            new Bytes().U8(0x15).U32(7).U8(1).Text("h").U8(1).Text("u").U8(0).U16(0).U32(0).U32(0).ToArray());
        // COM_BINLOG_DUMP_GTID: 0x1E, flags (BINLOG_THROUGH_GTID 4), server id, name length u32, name, position u64, data length u32, data.
        Commands.BinlogDumpGtid([9, 9], 0, 7).Should().Equal(
            new Bytes().U8(0x1E).U16(4).U32(7).U32(0).U64(4).U32(2).Raw(9, 9).ToArray());
        Commands.Query("SELECT 1").Should().Equal(new Bytes().U8(3).Text("SELECT 1").ToArray());
    }
}
