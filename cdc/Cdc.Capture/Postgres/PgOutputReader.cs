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
/// </summary>
internal sealed partial class PgOutputReader(CaptureOptions options, DatabaseUri source, ILogger logger) : ISourceReader
{
    private static readonly System.Text.UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly Dictionary<uint, TableDefinition> _tables = new();
    private readonly Dictionary<uint, PgRelation> _relations = new();
    private NpgsqlConnection? _catalog;
    private LogicalReplicationConnection? _replication;
    private PgTypeMapper? _mapper;
    private HashSet<TableId>? _included;

    public async Task PrepareAsync(CancellationToken ct)
    {
        _catalog = await PostgresSourceChecks.ConnectAsync(source, ct);
        await PostgresSourceChecks.CheckAsync(_catalog, source, options, ct);
        _mapper = new PgTypeMapper(_catalog, logger);
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
            var slot = new PgOutputReplicationSlot(options.SlotName);
            var replicationOptions = new PgOutputReplicationOptions(options.PublicationName, PgOutputProtocolVersion.V1);
            LogStarted(logger, options.SlotName, options.PublicationName, source.ToString());
            var transaction = new PgTransaction();
            await foreach (var message in _replication.StartReplication(slot, replicationOptions, token))
            {
                switch (message)
                {
                    case BeginMessage begin:
                        transaction = new PgTransaction(begin.TransactionFinalLsn, begin.TransactionXid, begin.TransactionCommitTimestamp);
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
                        yield return Change(Operation.Update, updated, transaction, before, await ReadRowAsync(update.NewRow, updated, transaction, token));
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
    }

    public bool Captures(TableId table) => _included is null || _included.Contains(table);

    private ChangeCaptured Change(Operation op, TableDefinition table, PgTransaction transaction, RowImage? before, RowImage? after)
    {
        var position = new SourcePosition(0, (ulong)transaction.CommitLsn, transaction.NextIndex++);
        var info = new SourceInfo(
            options.Office,
            "postgres",
            source.Database,
            position,
            transaction.CommitLsn.ToString(),
            transaction.Xid?.ToString(CultureInfo.InvariantCulture) ?? "",
            transaction.CommitTime);
        return new ChangeCaptured(new ChangeRecord(op, table, before, after, info));
    }

    /// <summary>
    /// Reads a tuple whole (Npgsql requires every value to be consumed in order). Columns the tuple does not carry
    /// (unchanged TOAST, or the non-identity columns of a key-only old row, which pgoutput sends as NULL) are marked
    /// unavailable.
    /// </summary>
    private static async Task<RowImage> ReadRowAsync(ReplicationTuple tuple, TableDefinition table, PgTransaction transaction, CancellationToken ct, PgRelation? keyOnly = null)
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
        var position = $"transaction {transaction.Xid} committed at LSN {transaction.CommitLsn} (record {transaction.NextIndex} of it)";
        return new RowImage(PgRowText.Parse(table, texts, position), unavailable);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Streaming from slot {Slot} (publication {Publication}) of {Source}")]
    private static partial void LogStarted(ILogger logger, string slot, string publication, string source);

    private sealed class PgTransaction(NpgsqlLogSequenceNumber commitLsn = default, uint? xid = null, DateTime commitTime = default)
    {
        public NpgsqlLogSequenceNumber CommitLsn { get; } = commitLsn;
        public uint? Xid { get; } = xid;
        public DateTimeOffset CommitTime { get; } = new(DateTime.SpecifyKind(commitTime, DateTimeKind.Utc));
        public long NextIndex { get; set; }
    }
}

/// <summary>PostgreSQL: the end LSN of a transaction whose records the broker confirmed.</summary>
internal sealed record PostgresAcknowledgement(NpgsqlLogSequenceNumber EndLsn) : SourceAcknowledgement;
