using System.Globalization;
using Cdc.Binlog;
using Cdc.Connections;
using Cdc.Positions;
using Cdc.Sessions;
using Microsoft.Extensions.Logging;

namespace Cdc.Capture.MySql;

/// <summary>
/// Measures every few seconds how far the capture is behind the server's binlog (<see cref="BinlogBacklog"/>, from the
/// last transaction the broker confirmed) for the metrics, on a query connection of its own: the reader's connections
/// are busy with the dump and the catalog. A failed measurement only leaves the metric as it was.
/// </summary>
internal sealed partial class BinlogBacklogProbe(DatabaseUri source, CaptureSettings options, BinlogPosition start, CaptureMetrics metrics, ILogger logger)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private readonly Lock _lock = new();
    private BinlogPosition _confirmed = start;
    private BinlogClient? _client;

    public void Confirmed(BinlogPosition next)
    {
        lock (_lock)
            _confirmed = next;
    }

    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            await PeriodicProbe.RunAsync(MeasureAsync, Interval, e => LogProbeFailed(logger, source.ToString(), e.Message), ct);
        }
        finally
        {
            if (_client is not null)
                await _client.DisposeAsync();
        }
    }

    private async Task MeasureAsync(CancellationToken ct)
    {
        _client ??= await MySqlSourceChecks.ConnectAsync(source, options, ct);
        try
        {
            var binlogs = (await _client.QueryAsync("SHOW BINARY LOGS", ct)).Rows
                .Select(r => (r[0]!, long.Parse(r[1]!, CultureInfo.InvariantCulture))).ToList();
            var server = await _client.GetCurrentPositionAsync(ct);
            BinlogPosition confirmed;
            lock (_lock)
                confirmed = _confirmed;
            if (BinlogBacklog.Measure(BinlogSourcePositions.At(confirmed, 0), binlogs, server) is { } backlog)
                metrics.BinlogBehind(backlog.Bytes, backlog.Files);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A broken connection: the next measurement opens a new one.
            await _client.DisposeAsync();
            _client = null;
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not measure how far the capture is behind the binlog of {Source} ({Reason}); trying again")]
    private static partial void LogProbeFailed(ILogger logger, string source, string reason);
}
