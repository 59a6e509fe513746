using Cdc.Binlog.Events;
using Cdc.Binlog.Protocol;
using Cdc.Binlog.Tests.Unit;
using Cdc.Binlog.Values;

namespace Cdc.Binlog.Tests.Fuzz;

/// <summary>
/// The faults the fuzz tests found, each as the smallest server bytes that showed it: before the fixes these
/// hung the capturer, crashed it with a stack overflow, or made it allocate gigabytes from a few bytes.
/// </summary>
public sealed class HostileServerTests
{
    private static EventDecoder Decoder() => new("bin.000001", hasChecksum: true, verifyChecksums: true);

    private static BinlogEvent Decode(EventDecoder decoder, byte[] e) => decoder.Decode(e, 0, e.Length);

    /// <summary>t (id INT) with table id 5.</summary>
    private static byte[] OneIntTableMap() =>
        Bytes.Event(BinlogEventType.TableMap, new Bytes().U48(5).U16(1).U8(1).Zero("d").U8(1).Zero("t").LenEnc(1).Raw(3).LenEnc(0).U8(0));

    [Fact]
    public void Row_images_of_no_present_column_are_refused_instead_of_looping_forever()
    {
        var decoder = Decoder();
        Decode(decoder, OneIntTableMap());
        // Columns-present bitmap 0: every row image is empty, so the 3 bytes after it would be "rows" of 0 bytes each.
        var rows = Bytes.Event(BinlogEventType.WriteRowsV2, new Bytes().U48(5).U16(1).U16(2).LenEnc(1).U8(0x00).Raw(1, 2, 3));

        var act = () => RunBounded(() => Decode(decoder, rows));

        act.Should().Throw<BinlogProtocolException>().WithMessage("*d.t*no column as present*");
    }

    [Fact]
    public void Binary_json_that_contains_itself_is_refused_instead_of_overflowing_the_stack()
    {
        // A small array of one element whose value entry (type small array, offset 0) points back at the array.
        var data = Convert.FromHexString("02" + "0100" + "0700" + "020000");

        var act = () => RunBounded(() => JsonBinaryDecoder.Decode(data));

        act.Should().Throw<BinlogProtocolException>().WithMessage("*nesting deeper than 100*");
    }

    [Fact]
    public void Binary_json_nested_deeper_than_mysql_allows_is_refused()
    {
        // 10,000 arrays, each holding the next one: 7 bytes per level, offsets relative to each array.
        const int levels = 10_000;
        var data = new List<byte> { 0x02 };
        for (var i = 0; i < levels; i++)
        {
            var size = (levels - i) * 7;
            data.AddRange([1, 0, (byte)size, (byte)(size >> 8), 0x02, 7, 0]);
        }

        var act = () => RunBounded(() => JsonBinaryDecoder.Decode([.. data]));

        act.Should().Throw<BinlogProtocolException>().WithMessage("*nesting deeper than 100*");
    }

    [Fact]
    public void Binary_json_whose_containers_share_children_cannot_expand_exponentially()
    {
        // 60 levels of [x, x] where both entries point at the same next array: 2^60 elements from 420 bytes.
        const int levels = 60;
        var data = new List<byte> { 0x02 };
        for (var i = 0; i < levels; i++)
            data.AddRange([2, 0, 10, 0, 0x02, 10, 0, 0x02, 10, 0]);
        data.AddRange([0, 0, 4, 0]);

        var act = () => RunBounded(() => JsonBinaryDecoder.Decode([.. data]));

        act.Should().Throw<BinlogProtocolException>().WithMessage("*expansion*");
    }

    [Fact]
    public void Counts_and_lengths_larger_than_the_packet_are_refused_before_allocating()
    {
        var decoder = Decoder();
        // GTID_LIST claiming 2^28 - 1 GTIDs (4 GiB of them) in an event of 27 bytes.
        var gtidList = Bytes.Event(BinlogEventType.GtidList, new Bytes().U32(0x0FFFFFFF));
        // TABLE_MAP whose metadata block claims 0xFFFF bytes.
        var tableMap = Bytes.Event(BinlogEventType.TableMap, new Bytes().U48(6).U16(1).U8(1).Zero("d").U8(1).Zero("t").LenEnc(1).Raw(3).U8(0xFC).U16(0xFFFF));
        // A BLOB column whose metadata says its length takes 9 bytes.
        var blobMap = Bytes.Event(BinlogEventType.TableMap, new Bytes().U48(7).U16(1).U8(1).Zero("d").U8(1).Zero("b").LenEnc(1).Raw(252).LenEnc(1).U8(9).U8(0));
        var blobRow = Bytes.Event(BinlogEventType.WriteRowsV2, new Bytes().U48(7).U16(1).U16(2).LenEnc(1).U8(0x01).U8(0).U64(ulong.MaxValue).U8(0xFF));

        var before = GC.GetAllocatedBytesForCurrentThread();
        FluentActions.Invoking(() => Decode(decoder, gtidList)).Should().Throw<BinlogProtocolException>().WithMessage("*claims 268435455 GTIDs*");
        FluentActions.Invoking(() => Decode(decoder, tableMap)).Should().Throw<BinlogProtocolException>().WithMessage("*Packet too short*");
        Decode(decoder, blobMap);
        FluentActions.Invoking(() => Decode(decoder, blobRow)).Should().Throw<BinlogProtocolException>().WithMessage("*column 0*9 byte(s)*");

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(FuzzLimits.FixedBytes);
    }

    [Fact]
    public async Task A_frame_header_claiming_16_MiB_allocates_only_what_arrives()
    {
        // Length 0xFFFFFF (a packet continued in the next frame), then 100 bytes and the end of the stream.
        byte[] wire = [0xFF, 0xFF, 0xFF, 0, .. new byte[100]];
        var channel = new PacketChannel(new MemoryStream(wire));

        var before = GC.GetAllocatedBytesForCurrentThread();
        var act = async () => await channel.ReadPayloadAsync(default);

        await act.Should().ThrowAsync<BinlogProtocolException>().WithMessage("*closed the connection*");
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(FuzzLimits.FixedBytes);
    }

    /// <summary>
    /// Runs on a thread with 1 MiB of stack, as a capturer's thread pool thread has at most, and rethrows what it
    /// threw; a run longer than <see cref="FuzzLimits.CaseTime"/> is a <see cref="TimeoutException"/> (the thread is abandoned).
    /// </summary>
    private static void RunBounded(Action action)
    {
        Exception? thrown = null;
        var thread = new Thread(() =>
        {
            try
            {
                action();
            }
            catch (Exception e)
            {
                thrown = e;
            }
        }, 1 << 20);
        thread.IsBackground = true;
        thread.Start();
        if (!thread.Join(FuzzLimits.CaseTime))
            throw new TimeoutException($"Still running after {FuzzLimits.CaseTime}.");
        if (thrown is not null)
            throw thrown;
    }
}
