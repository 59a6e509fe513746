using System.Runtime.CompilerServices;
using Cdc.Capture.Reading;
using Cdc.Model;
using Cdc.Positions;
using Microsoft.Extensions.Logging;

namespace Cdc.Capture.Snapshot;

/// <summary>
/// A change log reader that first (or meanwhile) publishes the tables' existing rows as <c>op = r</c> records, in
/// key-ordered chunks, engine-neutral over an <see cref="ISnapshotSource"/>. Two ways to read a chunk:
/// <list type="bullet">
/// <item>In a consistent snapshot opened with a new log position (PostgreSQL: a slot created with an exported
/// snapshot at consistent point C). Records take positions from <see cref="SnapshotOrigin.First"/> (PostgreSQL
/// 0:C-1:n, n counting every row of the snapshot): every change the log streams afterwards commits at C or later, so
/// the snapshot sorts before all of it, and nothing else in the stream has offset C-1.</item>
/// <item>While streaming, between watermarks (<see cref="ChunkWindow"/>): used to resume a snapshot after a crash
/// (the consistent snapshot died with its connection), for <c>always</c>, and for tables requested with
/// <c>cdc snapshot</c>. A chunk takes the position of its high watermark's transaction, whose own record (the
/// watermark write) is not published, so its indexes are free; those positions are above everything applied so far
/// and below every later change. Re-reading a chunk published before the crash is therefore harmless: it carries the
/// row's state at a later point of the log, at that point.</item>
/// </list>
/// Progress (last key of the last confirmed chunk per table) lives in the source's progress table, written only after
/// the broker confirmed the chunk, so a restart resumes after the last confirmed chunk. It is written before the log
/// position is created, so a crash at any point after that resumes rather than silently skipping the snapshot.
/// </summary>
internal sealed partial class SnapshottingReader(CaptureSettings options, ISourceReader log, ISnapshotSource source, ILogger logger) : ISourceReader
{
    private readonly ProgressLedger _ledger = new();
    private readonly SnapshotProgressReporter _reporter = new(logger);
    private readonly Dictionary<TableId, SnapshotTable> _tables = new();
    private readonly List<SnapshotProgress> _queue = [];
    private readonly WholeTableCopy _whole = new(source, options.SnapshotChunkSize);
    private readonly string _session = Guid.NewGuid().ToString("N")[..12];
    private SnapshotOrigin? _origin;
    private long _windows;

    public async Task PrepareAsync(CancellationToken ct)
    {
        await source.PrepareAsync(ct);
        var mode = options.Snapshot;
        var stored = await source.HasStoredPositionAsync(ct);
        if (mode == SnapshotMode.Always || (mode != SnapshotMode.Never && !stored))
        {
            var tables = await DescribeAsync(null, ct);
            for (var i = 0; i < tables.Count; i++)
                await source.SaveProgressAsync(new SnapshotProgress(tables[i].Id, i, stored ? SnapshotState.Requested : SnapshotState.Running, null, 0), ct);
            if (!stored)
            {
                _origin = await source.CreatePositionWithSnapshotAsync(ct);
                LogConsistentSnapshot(logger, tables.Count, _origin.NativePosition, _origin.First.ToString());
            }
        }
        await log.PrepareAsync(ct);
        foreach (var progress in (await source.LoadProgressAsync(ct)).Where(p => p.State != SnapshotState.Done).OrderBy(p => p.Ordinal))
        {
            if (!_tables.ContainsKey(progress.Table) && (await DescribeAsync([progress.Table], ct)).Count == 0)
                continue;
            _queue.Add(progress);
            if (_origin is null && _tables[progress.Table].Definition.HasKey)
                LogResuming(logger, progress.Table.ToString(), progress.LastKey?.ToString() ?? "the start", progress.RowsDone);
        }
    }

    public IAsyncEnumerable<CaptureEvent> ReadAsync(CancellationToken ct) => Read(ct);

    public bool Captures(TableId table) => table != source.ProgressTable && log.Captures(table);

    public TableId OffsetTable => log.OffsetTable;

    /// <summary>Persists the progress of every confirmed chunk up to here, then acknowledges the change log.</summary>
    public async Task AcknowledgeAsync(SourceAcknowledgement acknowledgement, CancellationToken ct)
    {
        var (inner, progress) = _ledger.Take((SnapshotAcknowledgement)acknowledgement);
        foreach (var table in progress)
        {
            await source.SaveProgressAsync(table, ct);
            if (table.State == SnapshotState.Done)
                LogTableConfirmed(logger, table.Table.ToString(), table.RowsDone);
        }
        if (inner is not null)
            await log.AcknowledgeAsync(inner, ct);
    }

    public async ValueTask DisposeAsync()
    {
        await source.DisposeAsync();
        await log.DisposeAsync();
    }

    private async IAsyncEnumerable<CaptureEvent> Read([EnumeratorCancellation] CancellationToken ct)
    {
        if (_origin is { } origin)
        {
            await foreach (var captured in ReadConsistentAsync(origin, ct))
                yield return captured;
            await source.CloseSnapshotAsync(ct);
            _origin = null;
        }
        var stopWhenDone = options.Snapshot == SnapshotMode.InitialOnly;
        ChunkWindow? window = null;
        await using var events = log.ReadAsync(ct).GetAsyncEnumerator(ct);
        while (true)
        {
            if (window is null && _whole.Pending is null && _queue.Count > 0)
            {
                if (_tables[_queue[0].Table].Definition.HasKey)
                    window = await OpenWindowAsync(_queue[0], ct);
                else
                    await OpenWholeCopyAsync(ct);
            }
            if (window is null && _whole.Pending is null && stopWhenDone)
            {
                LogStoppingAfterSnapshot(logger);
                yield break;
            }
            if (!await events.MoveNextAsync())
                yield break;
            if (_whole.Reached(events.Current))
            {
                var copy = _whole.Take();
                await foreach (var captured in CopyWholeAsync(copy.First, copy.NativePosition, ct))
                    yield return captured;
                await source.CloseSnapshotAsync(ct);
            }
            switch (events.Current)
            {
                case ChangeCaptured { Record: var record } when record.Table.Id == source.ProgressTable:
                    await OnSignalAsync(record, window, ct);
                    break;
                case ChangeCaptured captured:
                    window?.Observe(captured.Record);
                    yield return captured;
                    break;
                case TransactionCommitted committed when window is { HighSource: { } high }:
                    var index = 0L;
                    foreach (var row in window.Remaining)
                        yield return Read(window.Table, row, high with { Position = high.Position with { Index = index++ }, Snapshot = true });
                    var progress = Advance(window.Progress, window.Table, window.Selected, index);
                    _reporter.Chunk(window.Table, progress.RowsDone, progress.State == SnapshotState.Done, high.Position.ToString());
                    yield return new TransactionCommitted(_ledger.Record(committed.Acknowledgement, progress));
                    window = null;
                    break;
                case TransactionCommitted committed:
                    yield return new TransactionCommitted(_ledger.Record(committed.Acknowledgement, null));
                    break;
                case LogAdvanced advanced:
                    yield return new LogAdvanced(_ledger.Record(advanced.Acknowledgement, null));
                    break;
            }
        }
    }

    /// <summary>Every queued table, chunk by chunk, inside the consistent snapshot; one source transaction per chunk.</summary>
    private async IAsyncEnumerable<CaptureEvent> ReadConsistentAsync(SnapshotOrigin origin, [EnumeratorCancellation] CancellationToken ct)
    {
        var position = origin.First;
        var info = new SourceInfo(options.Office, source.Engine, source.Database, position, origin.NativePosition, $"snapshot@{origin.NativePosition}", DateTimeOffset.UtcNow, Snapshot: true);
        while (_queue.Count > 0)
        {
            var table = _tables[_queue[0].Table];
            if (!table.Definition.HasKey)
            {
                await foreach (var captured in CopyWholeAsync(position, origin.NativePosition, ct))
                    yield return captured;
                position = _whole.Next;
                continue;
            }
            var rows = await source.ReadChunkAsync(table, _queue[0].LastKey, options.SnapshotChunkSize, ct);
            var first = position;
            foreach (var row in rows)
            {
                yield return Read(table, row, info with { Position = position });
                position = position.Next;
            }
            var progress = Advance(_queue[0], table, rows, rows.Count);
            _reporter.Chunk(table, progress.RowsDone, progress.State == SnapshotState.Done, first.ToString());
            yield return new TransactionCommitted(_ledger.Record(null, progress));
        }
        LogConsistentSnapshotRead(logger, origin.NativePosition, position.ToString());
    }

    /// <summary>The first queued table, which has no key, copied whole in the open snapshot from <paramref name="first"/> on (<see cref="WholeTableCopy"/>).</summary>
    private async IAsyncEnumerable<CaptureEvent> CopyWholeAsync(SourcePosition first, string native, [EnumeratorCancellation] CancellationToken ct)
    {
        var table = _tables[_queue[0].Table];
        _queue[0] = _queue[0] with { LastKey = null, RowsDone = 0 };
        var info = new SourceInfo(options.Office, source.Engine, source.Database, first, native, $"snapshot@{native}", DateTimeOffset.UtcNow, Snapshot: true);
        await foreach (var (records, rows, at) in _whole.ReadAsync(table, info, ct))
        {
            foreach (var record in records)
                yield return new ChangeCaptured(record);
            var progress = Advance(_queue[0], table, rows, rows.Count);
            _reporter.Chunk(table, progress.RowsDone, progress.State == SnapshotState.Done, at.ToString());
            yield return new TransactionCommitted(_ledger.Record(null, progress));
        }
    }

    /// <summary>While streaming, a table without a key: a consistent snapshot of its own, copied once the log reaches its point.</summary>
    private async Task OpenWholeCopyAsync(CancellationToken ct)
    {
        await _whole.OpenAsync($"{_session}:{++_windows}:copy", ct);
        LogReloading(logger, _queue[0].Table.ToString(), _whole.Pending!.NativePosition);
    }

    /// <summary>Low watermark, chunk query, high watermark: the log will show which rows changed meanwhile.</summary>
    private async Task<ChunkWindow> OpenWindowAsync(SnapshotProgress progress, CancellationToken ct)
    {
        var table = _tables[progress.Table];
        var number = ++_windows;
        var low = $"{_session}:{number}:low";
        var high = $"{_session}:{number}:high";
        await source.WriteWatermarkAsync(low, ct);
        var rows = await source.ReadChunkAsync(table, progress.LastKey, options.SnapshotChunkSize, ct);
        await source.WriteWatermarkAsync(high, ct);
        return new ChunkWindow(table, progress, rows, low, high);
    }

    private async Task OnSignalAsync(ChangeRecord record, ChunkWindow? window, CancellationToken ct)
    {
        switch (SnapshotSignal.Read(record, options.Office))
        {
            case { Watermark: { } mark }:
                window?.Mark(mark, record.Source);
                break;
            case { Requested: { } table } when _queue.All(q => q.Table != table):
                // A replayed request (the log re-reads from the last acknowledged position) was taken up already.
                var current = (await source.LoadProgressAsync(ct)).FirstOrDefault(p => p.Table == table);
                if (current is not { State: SnapshotState.Requested } || (await DescribeAsync([table], ct)).Count == 0)
                    break;
                _queue.Add(current);
                LogRequested(logger, table.ToString(), record.Source.Position.ToString());
                break;
        }
    }

    /// <summary>The table's progress after a chunk; the next chunk starts after the last row selected, published or not.</summary>
    private SnapshotProgress Advance(SnapshotProgress before, SnapshotTable table, IReadOnlyList<RowImage> selected, long published)
    {
        var done = selected.Count < options.SnapshotChunkSize;
        var after = before with
        {
            State = done ? SnapshotState.Done : SnapshotState.Running,
            LastKey = selected.Count > 0 && table.Definition.HasKey ? SnapshotKey.Of(table.Definition, selected[^1]) : before.LastKey,
            RowsDone = before.RowsDone + published,
        };
        if (done)
            _queue.RemoveAt(0);
        else
            _queue[0] = after;
        return after;
    }

    private static ChangeCaptured Read(SnapshotTable table, RowImage row, SourceInfo info) =>
        new(new ChangeRecord(Operation.Read, table.Definition, null, row, info));

    private async Task<IReadOnlyList<SnapshotTable>> DescribeAsync(IReadOnlyCollection<TableId>? only, CancellationToken ct)
    {
        var configured = options.TableIds(source.DefaultSchema);
        var wanted = only ?? (configured.Count == 0 ? null : configured);
        var described = SnapshotPlan.Order(await source.DescribeAsync(wanted, ct), out var cycle);
        if (cycle.Count > 0)
            LogCycle(logger, string.Join(", ", cycle));
        var tables = new List<SnapshotTable>();
        foreach (var table in described)
        {
            _tables[table.Id] = table;
            tables.Add(table);
        }
        return tables;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Snapshot of {Tables} tables starts in a consistent snapshot at {Native} (records from position {Position})")]
    private static partial void LogConsistentSnapshot(ILogger logger, int tables, string native, string position);

    [LoggerMessage(Level = LogLevel.Information, Message = "Consistent snapshot at {Native} read whole (last record before position {Position}); streaming follows")]
    private static partial void LogConsistentSnapshotRead(ILogger logger, string native, string position);

    [LoggerMessage(Level = LogLevel.Information, Message = "Snapshot of {Table} resumes after key {Key} ({Rows} rows confirmed before), in watermarked chunks while streaming")]
    private static partial void LogResuming(ILogger logger, string table, string key, long rows);

    [LoggerMessage(Level = LogLevel.Information, Message = "Snapshot of {Table} requested (signal at position {Position})")]
    private static partial void LogRequested(ILogger logger, string table, string position);

    [LoggerMessage(Level = LogLevel.Information, Message = "Snapshot of {Table} complete and confirmed: {Rows} rows")]
    private static partial void LogTableConfirmed(ILogger logger, string table, long rows);

    [LoggerMessage(Level = LogLevel.Information, Message = "Snapshot complete (snapshot mode initial_only): stopping without streaming further")]
    private static partial void LogStoppingAfterSnapshot(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Snapshot of {Table} reloads the table whole (it has no primary key) from a consistent snapshot at {Native}: its copy replaces the table's rows on the targets")]
    private static partial void LogReloading(ILogger logger, string table, string native);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tables {Tables} reference each other in a cycle: they are snapshotted in name order, so a target with the same foreign keys may reject rows until all are loaded")]
    private static partial void LogCycle(ILogger logger, string tables);
}
