using System.Buffers.Binary;

namespace Cdc.Schemas.Envelope;

/// <summary>
/// Avro single-object encoding (https://avro.apache.org/docs/1.12.0/specification/#single-object-encoding):
/// the marker <c>C3 01</c>, then the schema's CRC-64-AVRO fingerprint in little-endian order, then the binary record.
/// </summary>
public static class SingleObjectHeader
{
    public const int Length = 10;

    public static void Write(Span<byte> destination, ulong fingerprint)
    {
        destination[0] = 0xC3;
        destination[1] = 0x01;
        BinaryPrimitives.WriteUInt64LittleEndian(destination[2..], fingerprint);
    }

    /// <summary>Reads the fingerprint, or throws when the bytes are not a single-object encoded record.</summary>
    public static ulong Read(ReadOnlySpan<byte> source, int position)
    {
        if (source.Length < Length || source[0] != 0xC3 || source[1] != 0x01)
            throw new InvalidDataException(
                $"No Avro single-object marker (C3 01) at byte {position}: this is not a Cdc change record.");
        return BinaryPrimitives.ReadUInt64LittleEndian(source[2..]);
    }
}
