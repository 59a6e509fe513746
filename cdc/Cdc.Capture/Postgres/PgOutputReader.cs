using System.Globalization;
using System.Runtime.CompilerServices;
using Cdc.Capture.Reading;
using Cdc.Connections;
using Cdc.Model;
using Cdc.Positions;
using Microsoft.Extensions.Logging;
using Npgsql;
using Npgsql.Replication;
using Npgsql.Replication.PgOutput;
using Npgsql.Replication.PgOutput.Messages;
using NpgsqlTypes;

namespace Cdc.Capture.Postgres;

/// <summary>
/// Reads a PostgreSQL database's changes through its logical replication slot with the pgoutput plugin
/// (https://www.postgresql.org/docs/15/protocol-logicalrep-message-formats.html), in text mode. A record's position is
/// (commit LSN, index in transaction). The slot moves only in <see cref="AcknowledgeAsync"/>.
/// <para>
/// While the stream is quiet between transactions, the WAL end the server's keepalives report (it reads the WAL of every
/// database and skips what the publication does not cover) is yielded as <see cref="LogAdvanced"/>, so that a slot
/// whose tables are idle on a busy server still moves and does not retain WAL without bound. Keepalives are safe to
/// acknowledge: the server sends one only after everything decoded before that point, and a transaction whose
/// begin was just received has its commit after it, so it is decoded again after a restart.
/// </para>
/// </summary>
internal sealed partial class PgOutputReader(CaptureSettings options, DatabaseUri source, ILogger logger) : ISourceReader
{
    /// <summary>How long the stream may be quiet before the server's WAL end (from its keepalives) is passed on as <see cref="LogAdvanced"/>.</summary>
    private static readonly TimeSpan IdleInterval = TimeSpan.FromSeconds(1);

    private static readonly System.Text.UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly Dictionary<uint, TableDefinition> _tables = new();
    private readonly Dictionary<uint, PgRelation> _relations = new();
    private NpgsqlConnection? _catalog;
    private LogicalReplicationConnection? _replication;
    private PgTypeMapper? _mapper;
    private HashSet<TableId>? _included;
    private UnchangedToastReader? _toast;

    public async Task PrepareAsync(CancellationToken ct)
    {
        _catalog = await PostgresSourceChecks.ConnectAsync(source, ct);
        await PostgresSourceChecks.CheckAsync(_catalog, source, options, ct);
        _mapper = new PgTypeMapper(_catalog, logger);
        _toast = new UnchangedToastReader(source, logger);
        var tables = options.TableIds("public");
        _included = tables.Count == 0 ? null : tables.ToHashSet();
    }

    public IAsyncEnumerable<CaptureEvent> ReadAsync(CancellationToken ct)
    {
        if (_mapper is null)
            throw new InvalidOperationException("PrepareAsync must run before ReadAsync.");
        return Read(ct);

        async IAsyncEnumerable<CaptureEvent> Read([EnumeratorCancellation] CancellationToken token)
        {
            // No type loading: values are read as raw text, and Npgsql's view of user types (an array of a domain over an
            // array, say) could only stop the stream.
            _replication = new LogicalReplicationConnection(source.ToConnectionString() + PostgresSourceChecks.TextSettings + ";Server Compatibility Mode=NoTypeLoading");
            await _replication.Open(token);
            var slot = new PgOutputReplicationSlot(options.Postgres.Slot);
            var replicationOptions = new PgOutputReplicationOptions(options.Postgres.Publication, PgOutputProtocolVersion.V1);
            LogStarted(logger, options.Postgres.Slot, options.Postgres.Publication, source.ToString());
            var transaction = Begin(default, null, default);
            var inTransaction = false;
            var passed = default(NpgsqlLogSequenceNumber);
            await using var messages = _replication.StartReplication(slot, replicationOptions, token).GetAsyncEnumerator(token);
            while (true)
            {
                var next = messages.MoveNextAsync();
                if (!next.IsCompleted)
                {
                    var waiting = next.AsTask();
                    while (await Task.WhenAny(waiting, Task.Delay(IdleInterval, token)) != waiting && !token.IsCancellationRequested)
                    {
                        if (inTransaction || _replication.LastReceivedLsn <= passed)
                            continue;
                        passed = _replication.LastReceivedLsn;
                        yield return new LogAdvanced(new PostgresAcknowledgement(passed));
                    }
                    next = new ValueTask<bool>(waiting);
                }
                if (!await next)
                    yield break;
                switch (messages.Current)
                {
                    case BeginMessage begin:
                        transaction = Begin(begin.TransactionFinalLsn, begin.TransactionXid, begin.TransactionCommitTimestamp);
                        inTransaction = true;
                        break;
                    case RelationMessage relation:
                        var copy = PgRelation.From(relation);
                        _relations[copy.Id] = copy;
                        _tables[copy.Id] = await _mapper.MapAsync(copy, _tables.GetValueOrDefault(copy.Id), token);
                        break;
                    case InsertMessage insert:
                        yield return Change(Operation.Create, _tables[insert.Relation.RelationId], transaction, null, await ReadRowAsync(insert.NewRow, _tables[insert.Relation.RelationId], transaction, token));
                        break;
                    case UpdateMessage update:
                        var updated = _tables[update.Relation.RelationId];
                        var before = update switch
                        {
                            FullUpdateMessage full => await ReadRowAsync(full.OldRow, updated, transaction, token),
                            IndexUpdateMessage index => await ReadRowAsync(index.Key, updated, transaction, token, _relations[update.Relation.RelationId]),
                            _ => null,
                        };
                        var after = await ReadRowAsync(update.NewRow, updated, transaction, token);
                        if (after.HasUnavailable)
                            after = await _toast!.CompleteAsync(updated, after, Position(transaction), token);
                        yield return Change(Operation.Update, updated, transaction, before, after);
                        break;
                    case KeyDeleteMessage delete:
                        var keyDeleted = _tables[delete.Relation.RelationId];
                        yield return Change(Operation.Delete, keyDeleted, transaction, await ReadRowAsync(delete.Key, keyDeleted, transaction, token, _relations[delete.Relation.RelationId]), null);
                        break;
                    case FullDeleteMessage delete:
                        var deleted = _tables[delete.Relation.RelationId];
                        yield return Change(Operation.Delete, deleted, transaction, await ReadRowAsync(delete.OldRow, deleted, transaction, token), null);
                        break;
                    case TruncateMessage truncate:
                        foreach (var relation in truncate.Relations)
                            yield return Change(Operation.Truncate, _tables[relation.RelationId], transaction, null, null);
                        break;
                    case CommitMessage commit:
                        inTransaction = false;
                        if (commit.TransactionEndLsn > passed)
                            passed = commit.TransactionEndLsn;
                        yield return new TransactionCommitted(new PostgresAcknowledgement(commit.TransactionEndLsn));
                        break;
                }
            }
        }
    }

    public async Task AcknowledgeAsync(SourceAcknowledgement acknowledgement, CancellationToken ct)
    {
        var lsn = ((PostgresAcknowledgement)acknowledgement).EndLsn;
        _replication!.SetReplicationStatus(lsn);
        await _replication.SendStatusUpdate(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_replication is not null)
            await _replication.DisposeAsync();
        if (_catalog is not null)
            await _catalog.DisposeAsync();
        if (_toast is not null)
            await _toast.DisposeAsync();
    }

    public bool Captures(TableId table) => _included is null || _included.Contains(table);

    /// <summary>A transaction's records are at (0, its commit LSN, index).</summary>
    private TransactionCursor Begin(NpgsqlLogSequenceNumber commitLsn, uint? xid, DateTime commitTime) => new(new SourceInfo(
        options.Office,
        DatabaseEngine.Postgres,
        source.Database,
        new SourcePosition(0, (ulong)commitLsn, 0),
        commitLsn.ToString(),
        xid?.ToString(CultureInfo.InvariantCulture) ?? "",
        new DateTimeOffset(DateTime.SpecifyKind(commitTime, DateTimeKind.Utc))));

    private static ChangeCaptured Change(Operation op, TableDefinition table, TransactionCursor transaction, RowImage? before, RowImage? after) =>
        transaction.Change(op, table, before, after);

    public TableId OffsetTable => PostgresSourceChecks.OffsetTable;

    /// <summary>
    /// Reads a tuple whole (Npgsql requires every value to be consumed in order). Columns the tuple does not carry
    /// (unchanged TOAST, or the non-identity columns of a key-only old row, which pgoutput sends as NULL) are marked
    /// unavailable.
    /// </summary>
    private static async Task<RowImage> ReadRowAsync(ReplicationTuple tuple, TableDefinition table, TransactionCursor transaction, CancellationToken ct, PgRelation? keyOnly = null)
    {
        var texts = new string?[table.Columns.Count];
        var unavailable = new bool[texts.Length];
        var i = 0;
        await foreach (var value in tuple)
        {
            switch (value.Kind)
            {
                case TupleDataKind.Null when keyOnly is not null && !keyOnly.Columns[i].InIdentity:
                    unavailable[i] = true;
                    break;
                case TupleDataKind.UnchangedToastedValue:
                    unavailable[i] = true;
                    break;
                case TupleDataKind.TextValue:
                    // The raw text: Get<string> would look the column's type up in Npgsql's mappings, which lack many
                    // (extension, composite, domain types) and stop the capture on them.
                    await using (var stream = value.GetStream())
                    using (var text = new StreamReader(stream, Utf8))
                        texts[i] = await text.ReadToEndAsync(ct);
                    break;
            }
            i++;
        }
        return new RowImage(PgRowText.Parse(table, texts, Position(transaction)), unavailable);
    }

    private static string Position(TransactionCursor transaction) =>
        $"transaction {transaction.Source.TransactionId} committed at LSN {transaction.Source.NativePosition}";

    [LoggerMessage(Level = LogLevel.Information, Message = "Streaming from slot {Slot} (publication {Publication}) of {Source}")]
    private static partial void LogStarted(ILogger logger, string slot, string publication, string source);
}

/// <summary>PostgreSQL: the end LSN of a transaction whose records the broker confirmed.</summary>
internal sealed record PostgresAcknowledgement(NpgsqlLogSequenceNumber EndLsn) : SourceAcknowledgement;
