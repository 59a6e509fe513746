using System.Buffers.Binary;
using Cdc.Binlog.Protocol;

namespace Cdc.Binlog.Events;

/// <summary>
/// Turns the bytes of one binlog event into a <see cref="BinlogEvent"/>. Stateful across a dump: it follows the
/// current file (ROTATE), the checksum algorithm and post-header lengths (FORMAT_DESCRIPTION) and the table maps
/// that row events refer to. Events it does not know become <see cref="UnknownEvent"/>, skipped by their size.
/// </summary>
internal sealed class EventDecoder
{
    private const int ChecksumSize = 4;
    private const byte ChecksumCrc32 = 1;

    private readonly Dictionary<ulong, TableMapEvent> _tables = [];
    private readonly bool _verifyChecksums;
    private bool _hasChecksum;
    private IReadOnlyList<byte> _postHeaderLengths = [];
    private bool _isMariaDb;

    /// <param name="file">The file the dump starts in (may be empty until the first ROTATE names it).</param>
    /// <param name="hasChecksum">Whether events end with a CRC32, as negotiated by @master_binlog_checksum.</param>
    /// <param name="verifyChecksums">Whether to check those checksums.</param>
    public EventDecoder(string file, bool hasChecksum, bool verifyChecksums)
    {
        CurrentFile = file;
        _hasChecksum = hasChecksum;
        _verifyChecksums = verifyChecksums;
    }

    /// <summary>The binlog file the next event belongs to.</summary>
    public string CurrentFile { get; private set; }

    public BinlogEvent Decode(byte[] buffer, int offset, int length)
    {
        if (length < BinlogEventHeader.Size)
            throw new BinlogProtocolException($"Binlog event of {length} bytes in {CurrentFile} is shorter than its 19-byte header.");
        var header = ReadHeader(buffer.AsSpan(offset, BinlogEventHeader.Size));
        if (header.EventSize != length)
            throw new BinlogProtocolException(
                $"Binlog event in {CurrentFile} before position {header.NextPosition} says it has {header.EventSize} bytes, but the packet carries {length}.");
        var bodyStart = offset + BinlogEventHeader.Size;
        if (header.EventType == BinlogEventType.FormatDescription)
            return DecodeFormatDescription(header, buffer, offset, length);
        var bodyLength = length - BinlogEventHeader.Size;
        if (_hasChecksum)
        {
            if (bodyLength < ChecksumSize)
                throw new BinlogProtocolException(
                    $"{header.EventType} event in {CurrentFile} before position {header.NextPosition} has {length} bytes, too few for its header and CRC32.");
            VerifyChecksum(header, buffer, offset, length);
            bodyLength -= ChecksumSize;
        }
        return DecodeBody(header, new PacketReader(buffer, bodyStart, bodyLength));
    }

    internal static BinlogEventHeader ReadHeader(ReadOnlySpan<byte> span) => new(
        BinaryPrimitives.ReadUInt32LittleEndian(span),
        (BinlogEventType)span[4],
        BinaryPrimitives.ReadUInt32LittleEndian(span[5..]),
        BinaryPrimitives.ReadUInt32LittleEndian(span[9..]),
        BinaryPrimitives.ReadUInt32LittleEndian(span[13..]),
        BinaryPrimitives.ReadUInt16LittleEndian(span[17..]));

    private BinlogEvent DecodeBody(BinlogEventHeader header, PacketReader body)
    {
        var file = CurrentFile;
        switch (header.EventType)
        {
            case BinlogEventType.Rotate:
                return DecodeRotate(header, body);
            case BinlogEventType.TableMap:
                var map = TableMapDecoder.Decode(header, file, body, TableIdSize(header.EventType), _isMariaDb);
                _tables[map.TableId] = map;
                return map;
            case BinlogEventType.WriteRowsV1 or BinlogEventType.UpdateRowsV1 or BinlogEventType.DeleteRowsV1
                or BinlogEventType.WriteRowsV2 or BinlogEventType.UpdateRowsV2 or BinlogEventType.DeleteRowsV2:
                return RowsEventDecoder.Decode(header, file, body, TableIdSize(header.EventType), _tables);
            case BinlogEventType.Query:
                var query = QueryEventDecoder.Decode(header, file, body);
                if (query.IsCommit)
                    _tables.Clear();
                return query;
            case BinlogEventType.Xid:
                // Each transaction maps its tables again before its row events: forgetting them at commit keeps
                // the cache small on servers whose table ids keep growing.
                _tables.Clear();
                return new XidEvent(header, file, body.ReadUInt64());
            case BinlogEventType.Gtid or BinlogEventType.AnonymousGtid:
                return GtidEventDecoder.DecodeMySql(header, file, body);
            case BinlogEventType.MariaDbGtid:
                return GtidEventDecoder.DecodeMariaDb(header, file, body);
            case BinlogEventType.GtidList:
                return GtidEventDecoder.DecodeGtidList(header, file, body);
            case BinlogEventType.BinlogCheckpoint:
                return new BinlogCheckpointEvent(header, file, body.ReadString((int)body.ReadUInt32()));
            case BinlogEventType.AnnotateRows:
                return new AnnotateRowsEvent(header, file, body.ReadString(body.Remaining));
            case BinlogEventType.Heartbeat:
                return new HeartbeatEvent(header, file, body.ReadRestAsString());
            case BinlogEventType.TransactionPayload:
                throw new BinlogProtocolException(
                    $"{file} holds a compressed transaction (TRANSACTION_PAYLOAD event before position {header.NextPosition}), which this client cannot decompress (zstd). "
                    + "Set binlog_transaction_compression=OFF on the server (SET GLOBAL binlog_transaction_compression=OFF and in my.cnf), then restart capture from a position after this transaction or from a new snapshot.");
            case BinlogEventType.PartialUpdateRows:
                throw new BinlogProtocolException(
                    $"{file} holds a partial JSON update (PARTIAL_UPDATE_ROWS event before position {header.NextPosition}), which carries only a diff of the JSON value. "
                    + "Set binlog_row_value_options='' on the server (SET GLOBAL binlog_row_value_options='' and in my.cnf).");
            case (BinlogEventType)165 or (BinlogEventType)166 or (BinlogEventType)167 or (BinlogEventType)168
                or (BinlogEventType)169 or (BinlogEventType)170 or (BinlogEventType)171:
                throw new BinlogProtocolException(
                    $"{file} holds a compressed MariaDB event (type {(int)header.EventType}, before position {header.NextPosition}), which this client does not decompress. "
                    + "Set log_bin_compress=OFF on the server (SET GLOBAL log_bin_compress=OFF and in my.cnf).");
            default:
                return new UnknownEvent(header, file, body.ReadBytes(body.Remaining));
        }
    }

    private RotateEvent DecodeRotate(BinlogEventHeader header, PacketReader body)
    {
        var position = (long)body.ReadUInt64();
        var next = body.ReadRestAsString();
        // The dump's first ROTATE is made up by the server (position 0) to name the file it starts in.
        var isFake = header.NextPosition == 0 || header.IsArtificial;
        var file = isFake ? next : CurrentFile;
        CurrentFile = next;
        return new RotateEvent(header, file, next, position);
    }

    /// <summary>
    /// FORMAT_DESCRIPTION always ends with the checksum algorithm byte and 4 checksum bytes, even when the
    /// algorithm is OFF; the algorithm it names applies to the rest of the file.
    /// </summary>
    private FormatDescriptionEvent DecodeFormatDescription(BinlogEventHeader header, byte[] buffer, int offset, int length)
    {
        if (length < BinlogEventHeader.Size + ChecksumSize + 1)
            throw new BinlogProtocolException(
                $"FORMAT_DESCRIPTION event in {CurrentFile} has {length} bytes, too few for its header, checksum algorithm and checksum.");
        var body = new PacketReader(buffer, offset + BinlogEventHeader.Size, length - BinlogEventHeader.Size - ChecksumSize - 1);
        var algorithm = buffer[offset + length - ChecksumSize - 1];
        _hasChecksum = algorithm == ChecksumCrc32;
        if (_hasChecksum)
            VerifyChecksum(header, buffer, offset, length);
        var version = body.ReadUInt16();
        var serverVersion = body.ReadString(50).TrimEnd('\0');
        _isMariaDb = serverVersion.Contains("MariaDB", StringComparison.OrdinalIgnoreCase);
        body.Skip(4); // creation timestamp
        var headerLength = body.ReadByte();
        _postHeaderLengths = body.ReadBytes(body.Remaining);
        return new FormatDescriptionEvent(header, CurrentFile, version, serverVersion, headerLength, _postHeaderLengths, _hasChecksum);
    }

    /// <summary>Table ids take 6 bytes, or 4 in the ancient format whose TABLE_MAP/row post-header is 6 bytes long.</summary>
    private int TableIdSize(BinlogEventType type)
    {
        var index = (int)type - 1;
        return index < _postHeaderLengths.Count && _postHeaderLengths[index] == 6 ? 4 : 6;
    }

    private void VerifyChecksum(BinlogEventHeader header, byte[] buffer, int offset, int length)
    {
        if (!_verifyChecksums)
            return;
        var expected = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(offset + length - ChecksumSize));
        var actual = Crc32.Compute(buffer.AsSpan(offset, length - ChecksumSize));
        if (expected != actual)
            throw new BinlogProtocolException(
                $"CRC32 mismatch in {header.EventType} event of {CurrentFile} before position {header.NextPosition}: stored 0x{expected:X8}, computed 0x{actual:X8}. "
                + "The event was damaged in transit or on disk; check the file with mysqlbinlog/mariadb-binlog --verify-binlog-checksum.");
    }
}
