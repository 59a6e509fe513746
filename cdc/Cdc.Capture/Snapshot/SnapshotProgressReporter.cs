using Cdc.Model;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Cdc.Capture.Snapshot;

/// <summary>
/// Tells people how a snapshot goes: per table rows done / estimated, rows per second and the time left, in the log
/// (at most every few seconds per table, and when a table is done) and, when standard output is a terminal, as a
/// Spectre.Console progress bar (<see cref="SnapshotProgressBar"/>); otherwise the log lines are all there is.
/// </summary>
internal sealed partial class SnapshotProgressReporter(ILogger logger, TimeProvider time, IAnsiConsole? terminal)
{
    private static readonly TimeSpan LogEvery = TimeSpan.FromSeconds(5);
    private readonly SnapshotProgressBar? _bar = terminal is null ? null : new SnapshotProgressBar(terminal, time);
    private TableId? _table;
    private long _startRows;
    private long _started;
    private TimeSpan _lastLog;

    /// <summary>Logs, and draws the bar when standard output is a terminal.</summary>
    public SnapshotProgressReporter(ILogger logger)
        : this(logger, TimeProvider.System, Console.IsOutputRedirected ? null : AnsiConsole.Console)
    {
    }

    public void Chunk(SnapshotTable table, long rowsDone, bool done, string position)
    {
        if (_table != table.Id)
        {
            _table = table.Id;
            _startRows = rowsDone;
            _started = time.GetTimestamp();
            _lastLog = TimeSpan.Zero;
            LogStarted(logger, table.Id.ToString(), table.EstimatedRows, position);
        }
        var elapsed = time.GetElapsedTime(_started);
        var rate = elapsed.TotalSeconds > 0 ? (rowsDone - _startRows) / elapsed.TotalSeconds : 0;
        var estimate = Math.Max(table.EstimatedRows, rowsDone);
        var left = rate > 0 && !done ? TimeSpan.FromSeconds((estimate - rowsDone) / rate) : TimeSpan.Zero;
        var percent = done ? 100 : estimate > 0 ? 100.0 * rowsDone / estimate : 0;
        _bar?.Show(table.Id.ToString(), rowsDone, estimate, rate, left, done);
        if (done)
            LogDone(logger, table.Id.ToString(), rowsDone, elapsed.TotalSeconds, rate, position);
        else if (elapsed - _lastLog >= LogEvery)
        {
            _lastLog = elapsed;
            LogProgress(logger, table.Id.ToString(), rowsDone, estimate, percent, rate, left.ToString(@"hh\:mm\:ss"), position);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Snapshot of {Table} starts: about {Estimated} rows (at position {Position})")]
    private static partial void LogStarted(ILogger logger, string table, long estimated, string position);

    [LoggerMessage(Level = LogLevel.Information, Message = "Snapshot of {Table}: {Rows}/{Estimated} rows ({Percent:0.0}%), {Rate:0} rows/s, ETA {Eta} (at position {Position})")]
    private static partial void LogProgress(ILogger logger, string table, long rows, long estimated, double percent, double rate, string eta, string position);

    [LoggerMessage(Level = LogLevel.Information, Message = "Snapshot of {Table} read: {Rows} rows in {Seconds:0.0}s, {Rate:0} rows/s (last chunk at position {Position})")]
    private static partial void LogDone(ILogger logger, string table, long rows, double seconds, double rate, string position);
}
