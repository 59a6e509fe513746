namespace Cdc.Binlog.Protocol;

/// <summary>
/// CRC-32 as zlib computes it (IEEE 802.3 polynomial, reflected 0xEDB88320, initial and final value 0xFFFFFFFF):
/// the checksum binlog events carry when <c>binlog_checksum=CRC32</c>. Table-driven, one byte per step.
/// </summary>
internal static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
