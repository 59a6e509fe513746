using System.Buffers.Binary;
using System.Text;

namespace Cdc.Binlog.Protocol;

/// <summary>Builds the payload of one client packet (little-endian integers, NUL-terminated and length-encoded strings).</summary>
internal sealed class PacketWriter
{
    private byte[] _buffer = new byte[128];

    public int Length { get; private set; }

    public PacketWriter WriteByte(byte value)
    {
        Grow(1)[0] = value;
        return this;
    }

    public PacketWriter WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(Grow(2), value);
        return this;
    }

    public PacketWriter WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(Grow(4), value);
        return this;
    }

    public PacketWriter WriteUInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(Grow(8), value);
        return this;
    }

    public PacketWriter WriteLengthEncodedInteger(ulong value)
    {
        switch (value)
        {
            case < 0xFB:
                return WriteByte((byte)value);
            case <= 0xFFFF:
                return WriteByte(0xFC).WriteUInt16((ushort)value);
            case <= 0xFFFFFF:
                WriteByte(0xFD);
                var s = Grow(3);
                s[0] = (byte)value;
                s[1] = (byte)(value >> 8);
                s[2] = (byte)(value >> 16);
                return this;
            default:
                return WriteByte(0xFE).WriteUInt64(value);
        }
    }

    public PacketWriter WriteBytes(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Grow(bytes.Length));
        return this;
    }

    public PacketWriter WriteZeros(int count)
    {
        Grow(count).Clear();
        return this;
    }

    public PacketWriter WriteString(string text) => WriteBytes(Encoding.UTF8.GetBytes(text));

    public PacketWriter WriteNullTerminatedString(string text) => WriteString(text).WriteByte(0);

    public PacketWriter WriteLengthEncodedBytes(ReadOnlySpan<byte> bytes) =>
        WriteLengthEncodedInteger((ulong)bytes.Length).WriteBytes(bytes);

    /// <summary>Writes a string preceded by its length as a single byte (COM_REGISTER_SLAVE fields).</summary>
    public PacketWriter WriteByteLengthString(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length > 255)
            throw new ArgumentException($"'{text}' is longer than 255 bytes.", nameof(text));
        return WriteByte((byte)bytes.Length).WriteBytes(bytes);
    }

    public byte[] ToArray() => _buffer.AsSpan(0, Length).ToArray();

    private Span<byte> Grow(int count)
    {
        if (Length + count > _buffer.Length)
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + count));
        var span = _buffer.AsSpan(Length, count);
        Length += count;
        return span;
    }
}
