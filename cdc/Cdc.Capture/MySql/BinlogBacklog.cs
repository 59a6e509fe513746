using Cdc.Binlog;
using Cdc.Positions;

namespace Cdc.Capture.MySql;

/// <summary>
/// How far a MySQL/MariaDB capture is behind its server: the binlog bytes and files from the start of the last published
/// transaction (the stream's last record, whose position is binlog file number and transaction offset) to the server's
/// current position. Events of other databases count too: the binlog is the server's, not one database's.
/// </summary>
/// <param name="From">Where the capture stands in the binlog.</param>
/// <param name="Server">Where the server writes next (SHOW MASTER STATUS).</param>
/// <param name="Bytes">Binlog bytes from <paramref name="From"/> to <paramref name="Server"/>, across files.</param>
/// <param name="Files">Binlog files the server started since the one the capture stands in.</param>
internal sealed record BinlogBacklog(BinlogPosition From, BinlogPosition Server, long Bytes, long Files)
{
    /// <summary>
    /// Measures from <paramref name="last"/> (a record's source position) over the server's binlogs (SHOW BINARY LOGS:
    /// name and size, in order); null when the file of <paramref name="last"/> is not among them any more (purged).
    /// </summary>
    public static BinlogBacklog? Measure(SourcePosition last, IReadOnlyList<(string File, long Size)> binlogs, BinlogPosition server)
    {
        var index = -1;
        for (var i = 0; i < binlogs.Count; i++)
            if (BinlogSourcePositions.Holds(binlogs[i].File, last))
                index = i;
        if (index < 0)
            return null;
        var from = BinlogSourcePositions.In(binlogs[index].File, last);
        if (from >= server)
            return new BinlogBacklog(from, server, 0, 0);
        long bytes = 0;
        long files = 0;
        for (var i = index; i < binlogs.Count; i++)
        {
            var (file, size) = binlogs[i];
            // The server's own file is measured to its current position (SHOW BINARY LOGS may be a moment older).
            var end = file == server.File ? server.Position : size;
            bytes += Math.Max(0, end - (i == index ? from.Position : 0));
            if (i > index)
                files++;
            if (file == server.File)
                break;
        }
        return new BinlogBacklog(from, server, bytes, files);
    }
}
