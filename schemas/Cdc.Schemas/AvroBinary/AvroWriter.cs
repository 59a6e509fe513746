using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Cdc.Schemas.AvroBinary;

/// <summary>
/// Writes Avro's binary encoding (https://avro.apache.org/docs/1.12.0/specification/#binary-encoding) into a growing buffer.
/// Ours rather than Apache.Avro's datum writer because the model's values are already the Avro primitives (micros,
/// days), including ±infinity, which the library's logical-type conversions to DateTime cannot carry.
/// </summary>
public sealed class AvroWriter
{
    private readonly ArrayBufferWriter<byte> _buffer;

    public AvroWriter(int initialCapacity = 4096) => _buffer = new ArrayBufferWriter<byte>(initialCapacity);

    public int Length => _buffer.WrittenCount;

    public ReadOnlyMemory<byte> Written => _buffer.WrittenMemory;

    public void Clear() => _buffer.Clear();

    public void WriteLong(long value)
    {
        var zigzag = (ulong)((value << 1) ^ (value >> 63));
        var span = _buffer.GetSpan(10);
        var i = 0;
        while (zigzag >= 0x80)
        {
            span[i++] = (byte)(zigzag | 0x80);
            zigzag >>= 7;
        }
        span[i++] = (byte)zigzag;
        _buffer.Advance(i);
    }

    public void WriteInt(int value) => WriteLong(value);

    public void WriteBoolean(bool value) => WriteRaw(value ? (byte)1 : (byte)0);

    public void WriteFloat(float value)
    {
        BinaryPrimitives.WriteSingleLittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    public void WriteDouble(double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteLong(value.Length);
        WriteFixed(value);
    }

    public void WriteString(string value)
    {
        var byteCount = Encoding.UTF8.GetByteCount(value);
        WriteLong(byteCount);
        Encoding.UTF8.GetBytes(value, _buffer.GetSpan(byteCount));
        _buffer.Advance(byteCount);
    }

    /// <summary>Writes bytes as they are: Avro <c>fixed</c>, and the single-object header.</summary>
    public void WriteFixed(ReadOnlySpan<byte> value) => _buffer.Write(value);

    /// <summary>Writes an array of strings as one block followed by the end marker.</summary>
    public void WriteStringArray(IReadOnlyCollection<string> items)
    {
        if (items.Count > 0)
        {
            WriteLong(items.Count);
            foreach (var item in items)
                WriteString(item);
        }
        WriteLong(0);
    }

    private void WriteRaw(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }
}
