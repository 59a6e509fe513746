using System.Diagnostics;
using Cdc.Model;
using Microsoft.Extensions.Logging;

namespace Cdc.Capture.Snapshot;

/// <summary>
/// Tells people how a snapshot goes: per table rows done / estimated, rows per second and the time left, in the log
/// (at most every few seconds per table, and when a table is done) and, when standard error is a terminal, as a
/// progress bar redrawn in place.
/// </summary>
internal sealed partial class SnapshotProgressReporter(ILogger logger)
{
    private static readonly TimeSpan LogEvery = TimeSpan.FromSeconds(5);
    private readonly bool _terminal = !Console.IsErrorRedirected;
    private readonly Stopwatch _clock = new();
    private TableId? _table;
    private long _startRows;
    private TimeSpan _lastLog;

    public void Chunk(SnapshotTable table, long rowsDone, bool done, string position)
    {
        if (_table != table.Id)
        {
            _table = table.Id;
            _startRows = rowsDone;
            _lastLog = TimeSpan.Zero;
            _clock.Restart();
            LogStarted(logger, table.Id.ToString(), table.EstimatedRows, position);
        }
        var elapsed = _clock.Elapsed;
        var rate = elapsed.TotalSeconds > 0 ? (rowsDone - _startRows) / elapsed.TotalSeconds : 0;
        var estimate = Math.Max(table.EstimatedRows, rowsDone);
        var left = rate > 0 && !done ? TimeSpan.FromSeconds((estimate - rowsDone) / rate) : TimeSpan.Zero;
        var percent = done ? 100 : estimate > 0 ? 100.0 * rowsDone / estimate : 0;
        if (_terminal)
            Draw(table.Id, percent, rowsDone, estimate, rate, left, done);
        if (done)
            LogDone(logger, table.Id.ToString(), rowsDone, elapsed.TotalSeconds, rate, position);
        else if (elapsed - _lastLog >= LogEvery)
        {
            _lastLog = elapsed;
            LogProgress(logger, table.Id.ToString(), rowsDone, estimate, percent, rate, left.ToString(@"hh\:mm\:ss"), position);
        }
    }

    private static void Draw(TableId table, double percent, long rows, long estimate, double rate, TimeSpan left, bool done)
    {
        const int width = 30;
        var filled = (int)Math.Clamp(percent / 100 * width, 0, width);
        var bar = new string('#', filled) + new string('.', width - filled);
        Console.Error.Write($"\r{table} [{bar}] {percent,5:0.0}% {rows:N0}/{estimate:N0} rows {rate:N0} rows/s ETA {left:hh\\:mm\\:ss} ");
        if (done)
            Console.Error.WriteLine();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Snapshot of {Table} starts: about {Estimated} rows (at position {Position})")]
    private static partial void LogStarted(ILogger logger, string table, long estimated, string position);

    [LoggerMessage(Level = LogLevel.Information, Message = "Snapshot of {Table}: {Rows}/{Estimated} rows ({Percent:0.0}%), {Rate:0} rows/s, ETA {Eta} (at position {Position})")]
    private static partial void LogProgress(ILogger logger, string table, long rows, long estimated, double percent, double rate, string eta, string position);

    [LoggerMessage(Level = LogLevel.Information, Message = "Snapshot of {Table} read: {Rows} rows in {Seconds:0.0}s, {Rate:0} rows/s (last chunk at position {Position})")]
    private static partial void LogDone(ILogger logger, string table, long rows, double seconds, double rate, string position);
}
