using System.Buffers.Binary;
using Cdc.Binlog.Protocol;

namespace Cdc.Binlog.Tests.Fuzz;

/// <summary>
/// Mutates a recorded dump the way a broken or hostile server could: bytes flipped or set to boundary values,
/// length and count fields replaced by huge or zero values, events truncated, grown, spliced, retyped, dropped,
/// duplicated or reordered. Most mutated events get a consistent header size and CRC32 again, so that the
/// decoder's checks of the frame do not hide the body decoding behind them.
/// </summary>
internal static class EventMutator
{
    private static readonly ulong[] Boundary =
        [0, 1, 2, 0x7F, 0x80, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0xFFFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF,
         0x0FFFFFFF, ulong.MaxValue, long.MaxValue];

    private static readonly byte[] EventTypes =
        [2, 4, 15, 16, 19, 23, 24, 25, 27, 29, 30, 31, 32, 33, 34, 35, 39, 40, 160, 161, 162, 163, 164, 165, 0, 255];

    public static byte[][] Mutate(Random random, byte[][] events, bool hasChecksum)
    {
        var result = events.Select(e => (byte[])e.Clone()).ToList();
        var mutations = 1 + random.Next(4);
        for (var m = 0; m < mutations && result.Count > 0; m++)
        {
            var index = random.Next(result.Count);
            switch (random.Next(12))
            {
                case 0:
                    result.RemoveAt(index);
                    break;
                case 1:
                    result.Insert(random.Next(result.Count + 1), result[index]);
                    break;
                case 2:
                    (result[index], result[random.Next(result.Count)]) = (result[random.Next(result.Count)], result[index]);
                    break;
                default:
                    result[index] = MutateEvent(random, result[index], result[random.Next(result.Count)]);
                    break;
            }
        }
        if (random.Next(10) > 0)
        {
            foreach (var e in result)
                Reframe(e, hasChecksum);
        }
        return [.. result];
    }

    private static byte[] MutateEvent(Random random, byte[] e, byte[] other)
    {
        // Mostly the body (after the 19-byte header): that is where lengths, counts and types of values live.
        int Offset(byte[] b) => b.Length == 0 ? 0 : b.Length > 19 && random.Next(8) > 0 ? 19 + random.Next(b.Length - 19) : random.Next(b.Length);
        switch (random.Next(9))
        {
            case 0 when e.Length > 0:
                e[Offset(e)] ^= (byte)(1 << random.Next(8));
                return e;
            case 1 when e.Length > 0:
                e[Offset(e)] = (byte)Boundary[random.Next(Boundary.Length)];
                return e;
            case 2:
            {
                // A 2-, 3-, 4- or 8-byte little-endian field set to a boundary value: lengths, counts, offsets.
                var size = new[] { 2, 3, 4, 8 }[random.Next(4)];
                if (e.Length < size)
                    return e;
                var at = Math.Min(Offset(e), e.Length - size);
                Span<byte> value = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(value, Boundary[random.Next(Boundary.Length)]);
                value[..size].CopyTo(e.AsSpan(at));
                return e;
            }
            case 3:
                return e[..random.Next(e.Length + 1)];
            case 4:
            {
                var at = Offset(e);
                var count = random.Next(1, 16);
                var inserted = new byte[count];
                random.NextBytes(inserted);
                return [.. e.AsSpan(0, at), .. inserted, .. e.AsSpan(at)];
            }
            case 5 when e.Length > 0:
            {
                var at = Offset(e);
                var count = Math.Min(e.Length - at, random.Next(1, 16));
                return [.. e.AsSpan(0, at), .. e.AsSpan(at + count)];
            }
            case 6 when e.Length > 4:
                e[4] = EventTypes[random.Next(EventTypes.Length)];
                return e;
            case 7 when other.Length > 0:
            {
                // Splice: a slice of another event over this one (a row image under another table map...).
                var from = random.Next(other.Length);
                var count = Math.Min(other.Length - from, random.Next(1, 64));
                var at = Offset(e);
                return [.. e.AsSpan(0, at), .. other.AsSpan(from, count), .. e.AsSpan(Math.Min(e.Length, at + count))];
            }
            default:
                if (e.Length > 0)
                    e[Offset(e)] = (byte)random.Next(256);
                return e;
        }
    }

    /// <summary>Makes the header's event size match the bytes and recomputes the CRC32 over them.</summary>
    private static void Reframe(byte[] e, bool hasChecksum)
    {
        if (e.Length < 19)
            return;
        BinaryPrimitives.WriteUInt32LittleEndian(e.AsSpan(9), (uint)e.Length);
        if (hasChecksum && e.Length >= 23)
            BinaryPrimitives.WriteUInt32LittleEndian(e.AsSpan(e.Length - 4), Crc32.Compute(e.AsSpan(0, e.Length - 4)));
    }
}
