using System.Buffers.Binary;
using System.Text;
using Cdc.Binlog.Protocol;

namespace Cdc.Binlog.Tests.Unit;

/// <summary>Builds protocol byte sequences for the tests, field by field, the way the specifications lay them out.</summary>
internal sealed class Bytes
{
    private readonly List<byte> _bytes = [];

    public Bytes U8(int value) { _bytes.Add((byte)value); return this; }
    public Bytes U16(int value) { Span<byte> s = stackalloc byte[2]; BinaryPrimitives.WriteUInt16LittleEndian(s, (ushort)value); _bytes.AddRange(s.ToArray()); return this; }
    public Bytes U24(int value) => U8(value).U8(value >> 8).U8(value >> 16);
    public Bytes U32(uint value) { Span<byte> s = stackalloc byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(s, value); _bytes.AddRange(s.ToArray()); return this; }
    public Bytes U48(ulong value) { for (var i = 0; i < 6; i++) _bytes.Add((byte)(value >> (8 * i))); return this; }
    public Bytes U64(ulong value) { Span<byte> s = stackalloc byte[8]; BinaryPrimitives.WriteUInt64LittleEndian(s, value); _bytes.AddRange(s.ToArray()); return this; }
    public Bytes Raw(params byte[] bytes) { _bytes.AddRange(bytes); return this; }
    public Bytes Hex(string hex) => Raw(Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal)));
    public Bytes Text(string text) => Raw(Encoding.UTF8.GetBytes(text));
    public Bytes Zero(string text) => Text(text).U8(0);
    public Bytes LenEnc(int value) => value < 251 ? U8(value) : U8(0xFC).U16(value);
    public Bytes LenEncText(string text) { var b = Encoding.UTF8.GetBytes(text); return LenEnc(b.Length).Raw(b); }
    public Bytes Of(Bytes other) => Raw(other.ToArray());

    public int Length => _bytes.Count;
    public byte[] ToArray() => [.. _bytes];

    /// <summary>
    /// A v4 binlog event: the 19-byte common header (timestamp, type, server id, event size, next position, flags),
    /// the body, and the CRC32 of both when <paramref name="checksum"/> is set.
    /// </summary>
    public static byte[] Event(BinlogEventType type, Bytes body, bool checksum = true, uint nextPosition = 1000, uint serverId = 1, ushort flags = 0, uint timestamp = 1_700_000_000)
    {
        var size = 19 + body.Length + (checksum ? 4 : 0);
        var bytes = new Bytes().U32(timestamp).U8((byte)type).U32(serverId).U32((uint)size).U32(nextPosition).U16(flags).Of(body).ToArray();
        return checksum ? new Bytes().Raw(bytes).U32(Crc32.Compute(bytes)).ToArray() : bytes;
    }
}
