using System.Globalization;
using Cdc.Binlog;
using Cdc.Capture.Hosting;
using Cdc.Connections;
using Cdc.Positions;
using Microsoft.Extensions.Logging;

namespace Cdc.Capture.MySql;

/// <summary>
/// Measures every few seconds how far the capture is behind the server's binlog (<see cref="BinlogBacklog"/>, from the
/// last transaction the broker confirmed) for the metrics, on a query connection of its own: the reader's connections
/// are busy with the dump and the catalog. A failed measurement only leaves the metric as it was.
/// </summary>
internal sealed partial class BinlogBacklogProbe(DatabaseUri source, CaptureOptions options, BinlogPosition start, ILogger logger)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private readonly Lock _lock = new();
    private BinlogPosition _confirmed = start;

    public void Confirmed(BinlogPosition next)
    {
        lock (_lock)
            _confirmed = next;
    }

    public async Task RunAsync(CancellationToken ct)
    {
        BinlogClient? client = null;
        try
        {
            do
            {
                try
                {
                    client ??= await MySqlSourceChecks.ConnectAsync(source, options, ct);
                    await MeasureAsync(client, ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    LogProbeFailed(logger, source.ToString(), e.Message);
                    if (client is not null)
                        await client.DisposeAsync();
                    client = null;
                }
            }
            while (await WaitAsync(ct));
        }
        finally
        {
            if (client is not null)
                await client.DisposeAsync();
        }
    }

    private async Task MeasureAsync(BinlogClient client, CancellationToken ct)
    {
        var binlogs = (await client.QueryAsync("SHOW BINARY LOGS", ct)).Rows
            .Select(r => (r[0]!, long.Parse(r[1]!, CultureInfo.InvariantCulture))).ToList();
        var server = await client.GetCurrentPositionAsync(ct);
        BinlogPosition confirmed;
        lock (_lock)
            confirmed = _confirmed;
        if (BinlogBacklog.Measure(new SourcePosition((ulong)confirmed.FileSequence, (ulong)confirmed.Position, 0), binlogs, server) is { } backlog)
            CaptureMetrics.BinlogBehind(backlog.Bytes, backlog.Files);
    }

    private static async Task<bool> WaitAsync(CancellationToken ct)
    {
        try
        {
            await Task.Delay(Interval, ct);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not measure how far the capture is behind the binlog of {Source} ({Reason}); trying again")]
    private static partial void LogProbeFailed(ILogger logger, string source, string reason);
}
