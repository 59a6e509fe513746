namespace Cdc.Binlog.Tests.Integration;

/// <summary>Reads a dump until a condition holds on what was read, failing after a deadline instead of hanging.</summary>
internal static class EventReader
{
    public static async Task<List<BinlogEvent>> ReadUntilAsync(
        IAsyncEnumerable<BinlogEvent> events, Func<List<BinlogEvent>, bool> done, int seconds = 10)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var read = new List<BinlogEvent>();
        try
        {
            await foreach (var e in events.WithCancellation(timeout.Token))
            {
                read.Add(e);
                if (done(read))
                    return read;
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException(
                $"The condition did not hold after {seconds} s; read {read.Count} events: {string.Join(", ", read.Select(e => e.Header.EventType))}");
        }
        throw new InvalidOperationException("The dump ended before the condition held.");
    }

    /// <summary>Reads until <paramref name="count"/> transactions that touched <paramref name="database"/> have committed.</summary>
    public static Task<List<BinlogEvent>> ReadTransactionsAsync(IAsyncEnumerable<BinlogEvent> events, string database, int count = 1) =>
        ReadUntilAsync(events, read =>
        {
            var commits = 0;
            var touched = false;
            foreach (var e in read)
            {
                if (e is TableMapEvent map && map.Database == database)
                    touched = true;
                if (touched && (e is XidEvent || e is QueryEvent { IsCommit: true }))
                {
                    commits++;
                    touched = false;
                }
            }
            return commits >= count;
        });

    public static List<T> Rows<T>(this IEnumerable<BinlogEvent> events, string database) where T : RowsEvent =>
        events.OfType<T>().Where(e => e.Table.Database == database).ToList();
}
