using System.Runtime.CompilerServices;
using Cdc.Binlog;
using Cdc.Capture.Hosting;
using Cdc.Capture.Reading;
using Cdc.Connections;
using Cdc.Model;
using Cdc.Positions;
using Cdc.Streams.Broker;
using Cdc.Streams.Consuming;
using Microsoft.Extensions.Logging;

namespace Cdc.Capture.MySql;

/// <summary>
/// Reads a MySQL/MariaDB database's changes from the server's binlog with <see cref="BinlogClient"/>, as a replica.
/// A record's position is (binlog file number, offset of its transaction's first event, index in the transaction).
/// It resumes at the transaction of the last record the office stream holds in order (<see cref="StreamResumePoint"/>:
/// not after a message that overtook one the broker refused, which must be published again), so a restart re-publishes
/// at most that transaction and the unconfirmed tail, which appliers skip by position. Until the
/// stream holds a streamed record, it starts at the position stored in the source when the capture began
/// (<see cref="IBinlogStartStore"/>: the snapshot's position, or the position of a first start without snapshot).
/// </summary>
internal sealed partial class MySqlBinlogReader(CaptureSettings options, DatabaseUri source, IBinlogStartStore starts, CaptureMetrics metrics, ILogger logger) : ISourceReader
{
    private const int BinlogReadError = 1236;
    private BinlogClient? _catalog;
    private MySqlTypeMapper? _mapper;
    private BinlogTableStatements? _statements;
    private MySqlValueConverter? _values;
    private HashSet<TableId>? _included;
    private BinlogPosition _start;
    private BinlogPosition _stored;
    private BinlogBacklogProbe? _backlog;

    public async Task PrepareAsync(CancellationToken ct)
    {
        _catalog = await MySqlSourceChecks.ConnectAsync(source, options, ct);
        await MySqlSourceChecks.CheckAsync(_catalog, source, ct);
        _mapper = new MySqlTypeMapper(await MySqlSourceChecks.CollationWidthsAsync(_catalog, ct), (table, token) => MariaDbColumnTypes.ReadAsync(_catalog, table, token));
        _values = new MySqlValueConverter(logger);
        _statements = new BinlogTableStatements(source, _catalog, _mapper, metrics, logger);
        var tables = options.TableIds(source.Database);
        _included = tables.Count == 0 ? null : tables.ToHashSet();
        var resume = await StreamResumePoint.ReadAsync(options.Broker, options.StreamName, ct);
        var stored = await starts.ReadStartAsync(ct);
        if (resume is { } last && (stored is not { } floor || !Before(last, floor)))
        {
            _start = await ResumeFileAsync(last, ct);
            LogResuming(logger, options.StreamName, last.ToString(), _start.ToString());
        }
        else if (stored is { } start)
        {
            // Nothing streamed was confirmed yet (at most snapshot records, which sort just before the start).
            _start = start;
            LogStartingAtStored(logger, options.StreamName, _start.ToString());
        }
        else
        {
            _start = await _catalog.GetCurrentPositionAsync(ct);
            await starts.SaveStartAsync(_start, ct);
            LogStartingFresh(logger, options.StreamName, _start.ToString());
        }
    }

    private static bool Before(SourcePosition last, BinlogPosition start) => BinlogSourcePositions.IsBefore(last, start);

    public IAsyncEnumerable<CaptureEvent> ReadAsync(CancellationToken ct)
    {
        _stored = _start;
        if (_mapper is null || _values is null || _statements is null)
            throw new InvalidOperationException("PrepareAsync must run before ReadAsync.");
        return Read(_mapper, _values, _statements, ct);

        async IAsyncEnumerable<CaptureEvent> Read(MySqlTypeMapper mapper, MySqlValueConverter values, BinlogTableStatements statements, [EnumeratorCancellation] CancellationToken token)
        {
            await using var client = await MySqlSourceChecks.ConnectAsync(source, options, token);
            LogStreaming(logger, source.ToString(), _start.ToString());
            _backlog = new BinlogBacklogProbe(source, options, _start, metrics, logger);
            using var probing = CancellationTokenSource.CreateLinkedTokenSource(token);
            var probe = _backlog.RunAsync(probing.Token);
            try
            {
                var transaction = Begin(_start, "", DateTimeOffset.UnixEpoch);
                await using var events = ReadEventsOrExplain(client, token).GetAsyncEnumerator(token);
                while (await events.MoveNextAsync())
                {
                    switch (events.Current)
                    {
                        case MariaDbGtidEvent gtid:
                            transaction = Begin(StartOf(gtid), gtid.Gtid.ToString(), gtid.Header.Time);
                            break;
                        case MySqlGtidEvent gtid:
                            transaction = Begin(StartOf(gtid), gtid.Gtid?.ToString() ?? "", gtid.ImmediateCommitTime ?? gtid.Header.Time);
                            break;
                        case RowsEvent { Table.HasFullMetadata: false } rows when rows.Table.Database == source.Database:
                            throw new CaptureException(
                                $"Table map of {rows.Table.Database}.{rows.Table.Table} at {rows.FileName}:{rows.Header.NextPosition} has no column names: binlog_row_metadata is not FULL on {source}. " +
                                "Run SET GLOBAL binlog_row_metadata = 'FULL'; and set it in the server's configuration.");
                        case RowsEvent rows when rows.Table.Database == source.Database:
                            var table = await mapper.MapAsync(rows.Table, token);
                            foreach (var change in Changes(rows, table, values, transaction))
                                yield return change;
                            break;
                        case XidEvent xid:
                            yield return Commit(xid.NextPosition, ref transaction);
                            break;
                        case QueryEvent { IsCommit: true } commit:
                            yield return Commit(commit.NextPosition, ref transaction);
                            break;
                        case QueryEvent { IsBegin: false } query when MySqlTableStatement.Parse(query.Sql, query.Database) is { } statement:
                            if (statement.Action != MySqlTableStatement.Kind.Truncate)
                            {
                                statements.SchemaEvent(statement, query);
                                break;
                            }
                            // TRUNCATE is logged as a statement of its own (it commits by itself): one transaction of one truncate record.
                            if (await statements.TruncatedTableAsync(statement.Tables[0], query, token) is { } truncated)
                            {
                                yield return Change(Operation.Truncate, truncated, transaction, null, null);
                                yield return Commit(query.NextPosition, ref transaction);
                            }
                            break;
                    }
                }
            }
            finally
            {
                await probing.CancelAsync();
                await probe;
            }
        }
    }

    /// <summary>
    /// Nothing to tell the server: the stream itself holds the resume point (see <see cref="StreamResumePoint"/>). But a
    /// capturer whose binlog traffic is all other databases' (or echoes) publishes nothing, so the stream's last record
    /// stays in an old binlog file that expiry may purge. So the first confirmed position in each newer binlog file is
    /// stored in the source (<see cref="IBinlogStartStore"/>) and a restart resumes from the later of it and the
    /// stream's last record: one write per binlog file, and a restart re-reads at most one file of skipped traffic.
    /// </summary>
    public async Task AcknowledgeAsync(SourceAcknowledgement acknowledgement, CancellationToken ct)
    {
        var next = ((MySqlAcknowledgement)acknowledgement).Next;
        _backlog?.Confirmed(next);
        LogConfirmed(logger, next.ToString());
        if (next.FileSequence > _stored.FileSequence)
        {
            await starts.SaveStartAsync(next, ct);
            _stored = next;
            LogStoredProgress(logger, next.ToString(), options.StreamName);
        }
    }

    public bool Captures(TableId table) => _included is null ? table.Schema == source.Database : _included.Contains(table);

    public TableId OffsetTable => new(source.Database, OffsetTableShape.Name);

    public async ValueTask DisposeAsync()
    {
        if (_catalog is not null)
            await _catalog.DisposeAsync();
    }

    private static IEnumerable<ChangeCaptured> Changes(RowsEvent rows, TableDefinition table, MySqlValueConverter values, TransactionCursor transaction)
    {
        var at = $"{rows.FileName}:{rows.Header.NextPosition}";
        switch (rows)
        {
            case WriteRowsEvent write:
                foreach (var row in write.Rows)
                    yield return Change(Operation.Create, table, transaction, null, values.Convert(table, row, at));
                break;
            case UpdateRowsEvent update:
                foreach (var row in update.Rows)
                    yield return Change(Operation.Update, table, transaction, values.Convert(table, row.Before, at), values.Convert(table, row.After, at));
                break;
            case DeleteRowsEvent delete:
                foreach (var row in delete.Rows)
                    yield return Change(Operation.Delete, table, transaction, values.Convert(table, row, at), null);
                break;
        }
    }

    /// <summary>A transaction's records are at (binlog file number, offset of its first event, index).</summary>
    private TransactionCursor Begin(BinlogPosition start, string gtid, DateTimeOffset commitTime) => new(new SourceInfo(
        options.Office,
        DatabaseEngine.MySql,
        source.Database,
        BinlogSourcePositions.At(start, 0),
        start.ToString(),
        gtid.Length > 0 ? gtid : start.ToString(),
        commitTime));

    private static ChangeCaptured Change(Operation op, TableDefinition table, TransactionCursor transaction, Model.RowImage? before, Model.RowImage? after) =>
        transaction.Change(op, table, before, after);

    private TransactionCommitted Commit(BinlogPosition next, ref TransactionCursor transaction)
    {
        transaction = Begin(next, "", transaction.Source.CommitTime);
        return new TransactionCommitted(new MySqlAcknowledgement(next));
    }

    private static BinlogPosition StartOf(BinlogEvent e) => new(e.FileName, e.Header.NextPosition - e.Header.EventSize);

    /// <summary>
    /// A binlog error 1236 means the requested file or position is gone: never skip over it silently. A dump the server
    /// ends (shutdown, restart) is a reason to reconnect, not the end of the capture.
    /// </summary>
    private async IAsyncEnumerable<BinlogEvent> ReadEventsOrExplain(BinlogClient client, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var events = client.ReadEventsAsync(_start, ct).GetAsyncEnumerator(ct);
        var reached = _start;
        while (true)
        {
            try
            {
                if (!await events.MoveNextAsync())
                    throw new CaptureException(
                        $"{source} ended the binlog stream after {reached} (the server is shutting down or restarting); reconnecting from the stream's last record.",
                        retryable: true);
                if (events.Current.Header.NextPosition > 0)
                    reached = events.Current.NextPosition;
            }
            catch (BinlogServerException e) when (e.ErrorCode == BinlogReadError)
            {
                throw Purged($"reading from {_start}: {e.ServerMessage}", e);
            }
            yield return events.Current;
        }
    }

    /// <summary>
    /// The binlog file with the resume position's sequence number, which must still be on the server. Positions order by
    /// file number, so the binlog's base name must not change and RESET MASTER must not run under a capturer.
    /// </summary>
    private async Task<BinlogPosition> ResumeFileAsync(SourcePosition last, CancellationToken ct)
    {
        var files = (await _catalog!.QueryAsync("SHOW BINARY LOGS", ct)).Rows.Select(r => r[0]!).ToArray();
        var file = files.FirstOrDefault(f => BinlogSourcePositions.Holds(f, last));
        if (file is not null)
            return BinlogSourcePositions.In(file, last);
        throw Purged(
            $"the binlog file number {last.Log} holding the last published transaction (position {last}) is not on the server any more " +
            $"(its binlogs: {(files.Length == 0 ? "none" : $"{files[0]} to {files[^1]}")})", null);
    }

    private CaptureException Purged(string detail, Exception? inner) => new(
        $"Cannot resume the capture of office {options.Office} from {source}: {detail}. The binlog was purged (or the server was reset) " +
        $"while the capturer was down, so changes between the last record of stream {options.StreamName} and the oldest binlog are lost to it. " +
        "Take a new snapshot of the source into the targets, then start the capturer on a new, empty stream (--stream) so that it begins at the current position; " +
        "raise binlog_expire_logs_seconds so that this does not happen again.",
        retryable: false, inner);

    [LoggerMessage(Level = LogLevel.Information, Message = "Resuming after the last record of stream {Stream} (position {Position}): reading the binlog from its transaction at {Binlog}")]
    private static partial void LogResuming(ILogger logger, string stream, string position, string binlog);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream {Stream} holds no streamed record yet: starting at the binlog position stored when this capture began, {Binlog}")]
    private static partial void LogStartingAtStored(ILogger logger, string stream, string binlog);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream {Stream} holds no record yet: starting at the server's current binlog position {Binlog} (stored in the source, so a crash before the first confirm resumes there)")]
    private static partial void LogStartingFresh(ILogger logger, string stream, string binlog);

    [LoggerMessage(Level = LogLevel.Information, Message = "Streaming the binlog of {Source} from {Binlog}")]
    private static partial void LogStreaming(ILogger logger, string source, string binlog);

    [LoggerMessage(Level = LogLevel.Information, Message = "Confirmed up to binlog position {Binlog}, the first in its file: stored in the source as the resume point of stream {Stream} (unless the stream's last record is later)")]
    private static partial void LogStoredProgress(ILogger logger, string binlog, string stream);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Confirmed by the broker up to binlog position {Binlog}")]
    private static partial void LogConfirmed(ILogger logger, string binlog);
}
