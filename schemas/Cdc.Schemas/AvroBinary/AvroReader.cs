using System.Buffers.Binary;
using System.Text;

namespace Cdc.Schemas.AvroBinary;

/// <summary>Reads Avro's binary encoding from a buffer holding one or more consecutive records.</summary>
public sealed class AvroReader
{
    private readonly ReadOnlyMemory<byte> _data;

    public AvroReader(ReadOnlyMemory<byte> data) => _data = data;

    public int Position { get; private set; }

    public bool AtEnd => Position >= _data.Length;

    public long ReadLong()
    {
        var span = _data.Span;
        ulong result = 0;
        var shift = 0;
        while (true)
        {
            if (Position >= span.Length)
                throw Truncated("a long");
            var b = span[Position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
                break;
            shift += 7;
            if (shift > 63)
                throw new InvalidDataException($"Malformed Avro long at byte {Position}: more than 10 bytes.");
        }
        return (long)(result >> 1) ^ -(long)(result & 1);
    }

    public int ReadInt()
    {
        var value = ReadLong();
        if (value is < int.MinValue or > int.MaxValue)
            throw new InvalidDataException($"Malformed Avro int at byte {Position}: {value} does not fit 32 bits.");
        return (int)value;
    }

    public bool ReadBoolean() => Take(1)[0] != 0;

    public float ReadFloat() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));

    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    public byte[] ReadBytes() => Take(ReadLength()).ToArray();

    public string ReadString() => Encoding.UTF8.GetString(Take(ReadLength()));

    public ReadOnlySpan<byte> ReadFixed(int length) => Take(length);

    public List<string> ReadStringArray()
    {
        var items = new List<string>();
        for (var count = ReadLong(); count != 0; count = ReadLong())
        {
            if (count < 0)
            {
                count = -count;
                ReadLong(); // block size in bytes, only useful for skipping
            }
            for (var i = 0; i < count; i++)
                items.Add(ReadString());
        }
        return items;
    }

    private int ReadLength()
    {
        var length = ReadLong();
        if (length < 0 || length > _data.Length - Position)
            throw new InvalidDataException($"Malformed Avro length {length} at byte {Position}: the buffer holds {_data.Length - Position} more bytes.");
        return (int)length;
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (Position + count > _data.Length)
            throw Truncated($"{count} bytes");
        var span = _data.Span.Slice(Position, count);
        Position += count;
        return span;
    }

    private InvalidDataException Truncated(string what) =>
        new($"Truncated Avro data: expected {what} at byte {Position} of {_data.Length}.");
}
