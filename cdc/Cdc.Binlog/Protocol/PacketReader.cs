using System.Buffers.Binary;
using System.Text;

namespace Cdc.Binlog.Protocol;

/// <summary>
/// Reads the little-endian integers and strings of the MySQL client/server protocol
/// (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_data_types.html) from a byte range.
/// Every read checks bounds so that a short or corrupt packet fails with a <see cref="BinlogProtocolException"/>
/// instead of reading neighbouring bytes.
/// </summary>
internal sealed class PacketReader
{
    private readonly byte[] _buffer;
    private readonly int _end;

    public PacketReader(byte[] buffer) : this(buffer, 0, buffer.Length) { }

    public PacketReader(byte[] buffer, int offset, int length)
    {
        if (offset < 0 || length < 0 || length > buffer.Length - offset)
            throw new ArgumentOutOfRangeException(nameof(length));
        _buffer = buffer;
        Position = offset;
        _end = offset + length;
    }

    /// <summary>Index into the underlying buffer of the next byte to read.</summary>
    public int Position { get; private set; }

    public int Remaining => _end - Position;

    public bool IsAtEnd => Position >= _end;

    public byte[] Buffer => _buffer;

    public ReadOnlySpan<byte> RemainingSpan => _buffer.AsSpan(Position, Remaining);

    public byte PeekByte()
    {
        Require(1);
        return _buffer[Position];
    }

    public byte ReadByte()
    {
        Require(1);
        return _buffer[Position++];
    }

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

    public uint ReadUInt24()
    {
        var s = Take(3);
        return (uint)(s[0] | s[1] << 8 | s[2] << 16);
    }

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public ulong ReadUInt48()
    {
        var s = Take(6);
        return BinaryPrimitives.ReadUInt32LittleEndian(s) | (ulong)BinaryPrimitives.ReadUInt16LittleEndian(s[4..]) << 32;
    }

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    /// <summary>Reads an unsigned little-endian integer of 1 to 8 bytes.</summary>
    public ulong ReadUIntN(int size)
    {
        RequireIntegerSize(size);
        var s = Take(size);
        ulong value = 0;
        for (var i = size - 1; i >= 0; i--)
            value = value << 8 | s[i];
        return value;
    }

    /// <summary>Reads an unsigned big-endian integer of 1 to 8 bytes (used by the binary temporal and decimal formats).</summary>
    public ulong ReadUIntBigEndian(int size)
    {
        RequireIntegerSize(size);
        var s = Take(size);
        ulong value = 0;
        foreach (var b in s)
            value = value << 8 | b;
        return value;
    }

    /// <summary>Reads a length-encoded integer; returns null for the NULL marker 0xFB (used in text result rows).</summary>
    public ulong? ReadLengthEncodedIntegerOrNull()
    {
        var first = ReadByte();
        return first switch
        {
            < 0xFB => first,
            0xFB => null,
            0xFC => ReadUInt16(),
            0xFD => ReadUInt24(),
            0xFE => ReadUInt64(),
            _ => throw new BinlogProtocolException("Invalid length-encoded integer prefix 0xFF.")
        };
    }

    public ulong ReadLengthEncodedInteger() =>
        ReadLengthEncodedIntegerOrNull() ?? throw new BinlogProtocolException("Unexpected NULL marker 0xFB where a length-encoded integer was required.");

    public int ReadLengthEncodedInt32()
    {
        var value = ReadLengthEncodedInteger();
        if (value > int.MaxValue)
            throw new BinlogProtocolException($"Length-encoded integer {value} is larger than this client supports.");
        return (int)value;
    }

    /// <summary>
    /// Reads an unsigned little-endian length of 1 to 8 bytes that must fit in what is left of the packet: a length
    /// field cannot make the client allocate or skip more than the server actually sent.
    /// </summary>
    public int ReadLength(int size)
    {
        var length = ReadUIntN(size);
        if (length > (ulong)Remaining)
            throw new BinlogProtocolException(
                $"A length of {length} byte(s) at offset {Position - size} exceeds the {Remaining} byte(s) left in the packet. The stream is corrupt or the server speaks a format this client does not know.");
        return (int)length;
    }

    /// <summary>A reader over the next <paramref name="count"/> bytes, which this reader skips.</summary>
    public PacketReader ReadReader(int count)
    {
        Require(count);
        var sub = new PacketReader(_buffer, Position, count);
        Position += count;
        return sub;
    }

    public ReadOnlySpan<byte> ReadBytesSpan(int count) => Take(count);

    public byte[] ReadBytes(int count) => Take(count).ToArray();

    public string ReadString(int count, Encoding? encoding = null) => (encoding ?? Encoding.UTF8).GetString(Take(count));

    public string ReadLengthEncodedString() => ReadString(ReadLengthEncodedInt32());

    public string ReadNullTerminatedString()
    {
        var span = RemainingSpan;
        var zero = span.IndexOf((byte)0);
        if (zero < 0)
            throw new BinlogProtocolException("Missing NUL terminator in protocol string.");
        var text = Encoding.UTF8.GetString(span[..zero]);
        Position += zero + 1;
        return text;
    }

    /// <summary>Reads the rest of the range as a string, dropping one trailing NUL if present.</summary>
    public string ReadRestAsString()
    {
        var span = RemainingSpan;
        if (span.Length > 0 && span[^1] == 0)
            span = span[..^1];
        Position = _end;
        return Encoding.UTF8.GetString(span);
    }

    public void Skip(int count) => Take(count);

    private ReadOnlySpan<byte> Take(int count)
    {
        Require(count);
        var span = _buffer.AsSpan(Position, count);
        Position += count;
        return span;
    }

    private static void RequireIntegerSize(int size)
    {
        if (size is < 1 or > 8)
            throw new BinlogProtocolException($"An integer of {size} byte(s) is outside the 1 to 8 bytes of the binlog formats: the column metadata is corrupt.");
    }

    private void Require(int count)
    {
        // count > _end - Position, not Position + count > _end: the sum overflows for counts near int.MaxValue.
        if (count < 0 || count > _end - Position)
            throw new BinlogProtocolException(
                $"Packet too short: needed {count} byte(s) at offset {Position}, only {_end - Position} left. The stream is corrupt or the server speaks a format this client does not know.");
    }
}
