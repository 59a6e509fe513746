using Cdc.Binlog.Events;

namespace Cdc.Binlog.Tests.Unit;

/// <summary>
/// Each event decoder from bytes laid out as in the MySQL source documentation
/// (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_replication_binlog_event.html) and the
/// MariaDB replication protocol pages (https://mariadb.com/kb/en/replication-protocol/).
/// </summary>
public sealed class EventDecoderTests
{
    private static EventDecoder Decoder(bool checksum = true, bool verify = true) => new("bin.000007", checksum, verify);

    private static BinlogEvent Decode(EventDecoder decoder, byte[] bytes) => decoder.Decode(bytes, 0, bytes.Length);

    /// <summary>
    /// FORMAT_DESCRIPTION body: binlog version u16, server version char[50], create timestamp u32, header length
    /// u8, post-header length per event type, checksum algorithm u8, then (always) 4 checksum bytes.
    /// </summary>
    internal static byte[] FormatDescription(byte algorithm, string version = "8.0.36")
    {
        var postHeaders = new byte[41];
        postHeaders[(int)BinlogEventType.TableMap - 1] = 8;
        postHeaders[(int)BinlogEventType.WriteRowsV2 - 1] = 10;
        var body = new Bytes().U16(4).Text(version).Raw(new byte[50 - version.Length]).U32(0).U8(19).Raw(postHeaders).U8(algorithm);
        return Bytes.Event(BinlogEventType.FormatDescription, body, checksum: true);
    }

    [Fact]
    public void Format_description_sets_the_checksum_of_the_file()
    {
        var decoder = Decoder(checksum: false);

        var fde = Decode(decoder, FormatDescription(algorithm: 1)).Should().BeOfType<FormatDescriptionEvent>().Subject;
        var xid = Decode(decoder, Bytes.Event(BinlogEventType.Xid, new Bytes().U64(77), checksum: true));

        fde.BinlogVersion.Should().Be(4);
        fde.ServerVersion.Should().Be("8.0.36");
        fde.HeaderLength.Should().Be(19);
        fde.HasChecksum.Should().BeTrue();
        fde.FileName.Should().Be("bin.000007");
        xid.Should().BeOfType<XidEvent>().Which.Xid.Should().Be(77);
    }

    [Fact]
    public void Format_description_with_checksum_off_means_events_without_crc()
    {
        var decoder = Decoder(checksum: true);

        Decode(decoder, FormatDescription(algorithm: 0)).Should().BeOfType<FormatDescriptionEvent>().Which.HasChecksum.Should().BeFalse();
        Decode(decoder, Bytes.Event(BinlogEventType.Xid, new Bytes().U64(5), checksum: false))
            .Should().BeOfType<XidEvent>().Which.Xid.Should().Be(5);
    }

    [Fact]
    public void Header_fields_are_decoded()
    {
        var e = Decode(Decoder(), Bytes.Event(BinlogEventType.Xid, new Bytes().U64(1), nextPosition: 4321, serverId: 9, flags: 0x20, timestamp: 1_700_000_000));

        e.Header.Should().Be(new BinlogEventHeader(1_700_000_000, BinlogEventType.Xid, 9, 19 + 8 + 4, 4321, 0x20));
        e.Header.Time.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        e.Header.IsArtificial.Should().BeTrue();
        e.NextPosition.Should().Be(new BinlogPosition("bin.000007", 4321));
    }

    [Fact]
    public void Artificial_rotate_names_the_start_file_and_a_real_one_moves_to_the_next()
    {
        // ROTATE body: position of the first event in the next file (u64), then the file name.
        var decoder = new EventDecoder("", hasChecksum: true, verifyChecksums: true);

        var fake = (RotateEvent)Decode(decoder, Bytes.Event(BinlogEventType.Rotate, new Bytes().U64(4).Text("bin.000010"), nextPosition: 0, flags: 0x20, timestamp: 0));
        var real = (RotateEvent)Decode(decoder, Bytes.Event(BinlogEventType.Rotate, new Bytes().U64(4).Text("bin.000011"), nextPosition: 900));
        var after = Decode(decoder, Bytes.Event(BinlogEventType.Xid, new Bytes().U64(1)));

        fake.FileName.Should().Be("bin.000010");
        fake.Target.Should().Be(new BinlogPosition("bin.000010", 4));
        real.FileName.Should().Be("bin.000010");
        real.NextFile.Should().Be("bin.000011");
        after.FileName.Should().Be("bin.000011");
        decoder.CurrentFile.Should().Be("bin.000011");
    }

    [Fact]
    public void Query_event_gives_database_and_statement()
    {
        // QUERY post-header: thread id u32, execution time u32, database length u8, error code u16, status vars
        // length u16; body: status vars, database, NUL, statement.
        var status = new byte[] { 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x20, 0x00, 0xA0, 0x55, 0x00, 0x00, 0x00, 0x00 };
        var body = new Bytes().U32(12).U32(3).U8(4).U16(0).U16(status.Length).Raw(status).Zero("shop").Text("ALTER TABLE t ADD c INT");

        var q = (QueryEvent)Decode(Decoder(), Bytes.Event(BinlogEventType.Query, body));

        q.Should().BeEquivalentTo(new { ThreadId = 12u, ExecutionSeconds = 3u, ErrorCode = (ushort)0, Database = "shop", Sql = "ALTER TABLE t ADD c INT" });
        q.IsBegin.Should().BeFalse();
        ((QueryEvent)Decode(Decoder(), Bytes.Event(BinlogEventType.Query, new Bytes().U32(1).U32(0).U8(0).U16(0).U16(0).U8(0).Text("BEGIN")))).IsBegin.Should().BeTrue();
    }

    [Fact]
    public void Mysql_gtid_event_with_logical_clock_commit_timestamps_and_length()
    {
        // Gtid_event (MySQL 8.0): flags u8, SID 16 bytes, GNO u64, logical timestamp type code 2, last_committed
        // u64, sequence_number u64, immediate commit timestamp (7 bytes; top bit: an original timestamp follows),
        // original commit timestamp (7 bytes), transaction length (net_field_length), immediate server version u32.
        var sid = Convert.FromHexString("3E11FA4771CA11E19E33C80AA9429562");
        const ulong immediate = 1_700_000_000_123_456;
        const ulong original = 1_699_999_999_000_001;
        var body = new Bytes().U8(1).Raw(sid).U64(23).U8(2).U64(10).U64(11)
            .Raw(BitConverter.GetBytes(immediate | 1UL << 55)[..7]).Raw(BitConverter.GetBytes(original)[..7])
            .U8(0xFC).U16(1234).U32(80036);

        var e = (MySqlGtidEvent)Decode(Decoder(), Bytes.Event(BinlogEventType.Gtid, body));

        e.Gtid.Should().Be(MySqlGtid.Parse("3e11fa47-71ca-11e1-9e33-c80aa9429562:23"));
        e.Gtid.ToString().Should().Be("3e11fa47-71ca-11e1-9e33-c80aa9429562:23");
        e.Flags.Should().Be(1);
        e.LastCommitted.Should().Be(10);
        e.SequenceNumber.Should().Be(11);
        e.ImmediateCommitTime.Should().Be(DateTimeOffset.UnixEpoch.AddTicks((long)immediate * 10));
        e.OriginalCommitTime.Should().Be(DateTimeOffset.UnixEpoch.AddTicks((long)original * 10));
        e.TransactionLength.Should().Be(1234);
        e.IsAnonymous.Should().BeFalse();
    }

    [Fact]
    public void Anonymous_gtid_and_the_old_short_layout()
    {
        // MySQL 5.6 wrote only flags, SID and GNO.
        var body = new Bytes().U8(1).Raw(new byte[16]).U64(0);

        var e = (MySqlGtidEvent)Decode(Decoder(), Bytes.Event(BinlogEventType.AnonymousGtid, body));

        e.IsAnonymous.Should().BeTrue();
        e.LastCommitted.Should().BeNull();
        e.ImmediateCommitTime.Should().BeNull();
    }

    [Fact]
    public void Mariadb_gtid_event_with_group_commit_id_and_standalone_ddl()
    {
        // MariaDB GTID: sequence u64, domain u32, flags u8, commit id u64 when FL_GROUP_COMMIT_ID (2) is set; the server id is the header's.
        var withCommitId = new Bytes().U64(1001).U32(3).U8(0x02 | 0x04 | 0x08).U64(555).Raw(new byte[2]);
        var ddl = new Bytes().U64(1002).U32(3).U8(0x01 | 0x20).Raw(new byte[6]);
        var decoder = Decoder();

        var first = (MariaDbGtidEvent)Decode(decoder, Bytes.Event(BinlogEventType.MariaDbGtid, withCommitId, serverId: 17));
        var second = (MariaDbGtidEvent)Decode(decoder, Bytes.Event(BinlogEventType.MariaDbGtid, ddl, serverId: 17));

        first.Gtid.Should().Be(new MariaDbGtid(3, 17, 1001));
        first.CommitId.Should().Be(555);
        first.IsStandalone.Should().BeFalse();
        first.Flags.Should().HaveFlag(MariaDbGtidFlags.Transactional);
        second.IsStandalone.Should().BeTrue();
        second.Flags.Should().HaveFlag(MariaDbGtidFlags.Ddl);
        second.CommitId.Should().BeNull();
    }

    [Fact]
    public void Gtid_list_checkpoint_annotate_and_heartbeat()
    {
        var decoder = Decoder();
        // GTID_LIST: count u32 (low 28 bits), then domain u32, server u32, sequence u64 per GTID.
        var list = (GtidListEvent)Decode(decoder, Bytes.Event(BinlogEventType.GtidList,
            new Bytes().U32(2).U32(0).U32(1).U64(10).U32(1).U32(2).U64(20)));
        // BINLOG_CHECKPOINT: file name length u32, file name.
        var checkpoint = (BinlogCheckpointEvent)Decode(decoder, Bytes.Event(BinlogEventType.BinlogCheckpoint, new Bytes().U32(10).Text("bin.000006")));
        // ANNOTATE_ROWS: the statement, to the end of the body.
        var annotate = (AnnotateRowsEvent)Decode(decoder, Bytes.Event(BinlogEventType.AnnotateRows, new Bytes().Text("INSERT INTO t VALUES (1)")));
        // HEARTBEAT: the source's current file name; the header's next position is its position.
        var heartbeat = (HeartbeatEvent)Decode(decoder, Bytes.Event(BinlogEventType.Heartbeat, new Bytes().Text("bin.000007"), nextPosition: 777, timestamp: 0));

        list.Gtids.Should().Equal(new MariaDbGtid(0, 1, 10), new MariaDbGtid(1, 2, 20));
        checkpoint.CheckpointFile.Should().Be("bin.000006");
        annotate.Sql.Should().Be("INSERT INTO t VALUES (1)");
        heartbeat.LogFile.Should().Be("bin.000007");
        heartbeat.NextPosition.Position.Should().Be(777);
    }

    [Fact]
    public void Unknown_events_are_skipped_by_their_length()
    {
        var decoder = Decoder();

        var previousGtids = Decode(decoder, Bytes.Event(BinlogEventType.PreviousGtids, new Bytes().U64(0)));
        var future = Decode(decoder, Bytes.Event((BinlogEventType)200, new Bytes().Text("anything")));

        previousGtids.Should().BeOfType<UnknownEvent>().Which.Body.Length.Should().Be(8);
        future.Should().BeOfType<UnknownEvent>().Which.Header.EventType.Should().Be((BinlogEventType)200);
    }

    [Fact]
    public void Compressed_transaction_is_refused_naming_the_setting_that_avoids_it()
    {
        var act = () => Decode(Decoder(), Bytes.Event(BinlogEventType.TransactionPayload, new Bytes().Raw(1, 2, 3)));

        act.Should().Throw<BinlogProtocolException>().WithMessage("*binlog_transaction_compression=OFF*");
    }

    [Fact]
    public void Damaged_event_fails_its_checksum_unless_verification_is_off()
    {
        var bytes = Bytes.Event(BinlogEventType.Xid, new Bytes().U64(1));
        bytes[20] ^= 0xFF;

        var act = () => Decode(Decoder(), bytes);

        act.Should().Throw<BinlogProtocolException>().WithMessage("*CRC32 mismatch*");
        Decode(Decoder(verify: false), bytes).Should().BeOfType<XidEvent>();
    }

    [Fact]
    public void Event_whose_size_disagrees_with_the_packet_is_rejected()
    {
        var bytes = Bytes.Event(BinlogEventType.Xid, new Bytes().U64(1));

        var act = () => Decoder().Decode(bytes, 0, bytes.Length - 1);

        act.Should().Throw<BinlogProtocolException>().WithMessage("*says it has*");
    }
}
