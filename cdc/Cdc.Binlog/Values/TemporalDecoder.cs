using Cdc.Binlog.Protocol;

namespace Cdc.Binlog.Values;

/// <summary>
/// The binary row formats of the date and time types: the old little-endian ones (DATE, TIME, DATETIME, TIMESTAMP)
/// and the MySQL 5.6 big-endian ones with fractional seconds (TIME2, DATETIME2, TIMESTAMP2, also MariaDB's default),
/// see https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_replication_binlog_event.html and
/// my_time.cc's *_from_binary functions.
/// </summary>
internal static class TemporalDecoder
{
    private const long DateTimeIntOffset = 0x80_0000_0000;
    private const long TimeIntOffset = 0x80_0000;
    private const long TimeFullOffset = 0x8000_0000_0000;

    /// <summary>DATE: 3 bytes little-endian, day in bits 0-4, month in 5-8, year above.</summary>
    public static MySqlDateTime ReadDate(PacketReader reader)
    {
        var v = reader.ReadUInt24();
        return new MySqlDateTime((int)(v >> 9), (int)(v >> 5 & 0xF), (int)(v & 0x1F), 0, 0, 0, 0);
    }

    /// <summary>Old TIME: 3-byte signed little-endian integer written as decimal digits HHMMSS.</summary>
    public static TimeSpan ReadTime(PacketReader reader)
    {
        var v = (int)(reader.ReadUInt24() << 8) >> 8;
        var a = Math.Abs(v);
        return Time(v < 0, a / 10000, a / 100 % 100, a % 100, 0);
    }

    /// <summary>Old DATETIME: 8-byte little-endian integer written as decimal digits YYYYMMDDhhmmss.</summary>
    public static MySqlDateTime ReadDateTime(PacketReader reader)
    {
        var v = reader.ReadUInt64();
        var date = v / 1_000_000;
        var time = v % 1_000_000;
        return new MySqlDateTime((int)(date / 10000), (int)(date / 100 % 100), (int)(date % 100),
            (int)(time / 10000), (int)(time / 100 % 100), (int)(time % 100), 0);
    }

    /// <summary>
    /// DATETIME2: 5 bytes big-endian, offset by 2^39: year*13+month in 17 bits, day 5, hour 5, minute 6, second 6;
    /// then the fraction.
    /// </summary>
    public static MySqlDateTime ReadDateTime2(PacketReader reader, int fsp)
    {
        var packed = (long)reader.ReadUIntBigEndian(5) - DateTimeIntOffset;
        var micro = ReadFraction(reader, fsp);
        if (packed < 0)
            throw new BinlogProtocolException($"Negative DATETIME2 value {packed}.");
        var ymd = packed >> 17;
        var ym = ymd >> 5;
        var hms = packed & 0x1FFFF;
        return new MySqlDateTime((int)(ym / 13), (int)(ym % 13), (int)(ymd & 0x1F),
            (int)(hms >> 12), (int)(hms >> 6 & 0x3F), (int)(hms & 0x3F), micro);
    }

    /// <summary>TIMESTAMP2: 4 bytes big-endian seconds since the epoch, then the fraction.</summary>
    public static MySqlDateTime ReadTimestamp2(PacketReader reader, int fsp)
    {
        var seconds = reader.ReadUIntBigEndian(4);
        return FromUnixSeconds(seconds, ReadFraction(reader, fsp));
    }

    /// <summary>A TIMESTAMP as UTC calendar fields; 0 seconds is the zero date.</summary>
    public static MySqlDateTime FromUnixSeconds(ulong seconds, int micro)
    {
        if (seconds == 0 && micro == 0)
            return MySqlDateTime.Zero;
        var utc = DateTime.UnixEpoch.AddSeconds(seconds);
        return new MySqlDateTime(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, utc.Second, micro);
    }

    /// <summary>
    /// TIME2: 3 bytes big-endian offset by 2^23 holding hour (10 bits), minute (6), second (6), and the fraction;
    /// negative values store the fraction as its complement, so the integer part is corrected when a fraction is
    /// present (my_time_packed_from_binary). With 5-6 digits the whole 6 bytes are one integer offset by 2^47.
    /// </summary>
    public static TimeSpan ReadTime2(PacketReader reader, int fsp)
    {
        long packed;
        switch (fsp)
        {
            case 1 or 2:
            {
                var intPart = (long)reader.ReadUIntBigEndian(3) - TimeIntOffset;
                long frac = reader.ReadByte();
                if (intPart < 0 && frac != 0)
                {
                    intPart++;
                    frac -= 0x100;
                }
                packed = (intPart << 24) + frac * 10000;
                break;
            }
            case 3 or 4:
            {
                var intPart = (long)reader.ReadUIntBigEndian(3) - TimeIntOffset;
                long frac = (long)reader.ReadUIntBigEndian(2);
                if (intPart < 0 && frac != 0)
                {
                    intPart++;
                    frac -= 0x10000;
                }
                packed = (intPart << 24) + frac * 100;
                break;
            }
            case 5 or 6:
                packed = (long)reader.ReadUIntBigEndian(6) - TimeFullOffset;
                break;
            default:
                packed = ((long)reader.ReadUIntBigEndian(3) - TimeIntOffset) << 24;
                break;
        }
        var negative = packed < 0;
        var magnitude = Math.Abs(packed);
        var hms = magnitude >> 24;
        return Time(negative, (int)(hms >> 12 & 0x3FF), (int)(hms >> 6 & 0x3F), (int)(hms & 0x3F), (int)(magnitude & 0xFFFFFF));
    }

    /// <summary>
    /// Fractional seconds of the *2 types: (fsp + 1) / 2 big-endian bytes holding hundredths, ten-thousandths or
    /// microseconds.
    /// </summary>
    public static int ReadFraction(PacketReader reader, int fsp) => fsp switch
    {
        1 or 2 => (int)reader.ReadUIntBigEndian(1) * 10000,
        3 or 4 => (int)reader.ReadUIntBigEndian(2) * 100,
        5 or 6 => (int)reader.ReadUIntBigEndian(3),
        _ => 0,
    };

    internal static TimeSpan Time(bool negative, int hours, int minutes, int seconds, int micro)
    {
        var ticks = ((hours * 3600L + minutes * 60L + seconds) * 1_000_000L + micro) * 10L;
        return TimeSpan.FromTicks(negative ? -ticks : ticks);
    }
}
