using System.Data.Common;
using Cdc.Appliers.Assembly;
using Cdc.Appliers.Writing.Evolution;
using Cdc.Model;
using Cdc.Positions;
using Cdc.Values;
using Microsoft.Extensions.Logging;

namespace Cdc.Appliers.Writing;

/// <summary>
/// An <see cref="ITargetWriter"/> over ADO.NET: one <see cref="DbBatch"/> per round trip, the offset row first in
/// every target transaction (so the target's own capturer sees at once that the transaction is an applier's), then
/// the changes, runs of them as multi-row statements (<see cref="StatementCoalescer"/>). Tables are created and evolved to their newest schema version before the transaction opens (MySQL
/// commits implicitly on DDL); records of older versions are written into the evolved table.
/// </summary>
public sealed partial class SqlTargetWriter(DbConnection connection, SqlDialect dialect, string offsetSchema, TableEvolver evolver, TruncatePolicy truncatePolicy, ApplyMetrics? metrics, ILogger logger)
    : ITargetWriter
{
    private const int StatementsPerRoundTrip = 500;

    /// <summary>
    /// Parameters per round trip at most: multi-row statements are counted by what they carry, so a round trip of them
    /// carries no more than 500 single-row statements of a 16-column table did.
    /// </summary>
    private const int ParametersPerRoundTrip = 8000;

    /// <summary>Parameters per multi-row statement at most (PostgreSQL takes 65,535).</summary>
    private const int ParametersPerStatement = 2000;

    private readonly ChangeStatements _statements = new(dialect);
    private readonly StatementCoalescer _coalescer = new(dialect, ParametersPerStatement);
    private readonly StatementCoalescer _rowByRow = new(dialect, 0);
    private readonly TableDefinition _offsets = OffsetTable.Definition(offsetSchema);
    private readonly TableDefinition _feeds = TableFeeds.Definition(offsetSchema);
    private TruncateGuard? _truncates;

    private TruncateGuard Truncates => _truncates ??= new TruncateGuard(connection, dialect, _feeds, truncatePolicy, metrics, logger);

    public async Task<Checkpoint> ReadCheckpointAsync(string applier, string stream, CancellationToken ct)
    {
        await CreateOwnTablesAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = string.Format(OffsetTable.Select(dialect, offsetSchema), dialect.Parameter(0, _offsets.Columns[0]), dialect.Parameter(1, _offsets.Columns[1]));
        AddParameter(command.Parameters, command.CreateParameter(), _offsets.Columns[0], applier);
        AddParameter(command.Parameters, command.CreateParameter(), _offsets.Columns[1], stream);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? OffsetTable.Read(applier, stream, reader.GetInt64(0), reader.GetString(1))
            : Checkpoint.Start(applier, stream);
    }

    /// <summary>
    /// The offsets and the table feeds, before anything reads them: an applier, a replay or <c>cdc offsets</c> may be
    /// the first to write this target, and every write reads the feeds (truncate guard).
    /// </summary>
    private async Task CreateOwnTablesAsync(CancellationToken ct)
    {
        await evolver.CreateIfMissingAsync(_offsets, ct);
        await evolver.CreateIfMissingAsync(_feeds, ct);
    }

    public async Task<bool> TryLockAsync(string applier, string stream, CancellationToken ct)
    {
        var lockColumn = _offsets.Columns[0];
        if (dialect.TryLock(dialect.Parameter(0, lockColumn)) is not { } sql)
            return true;
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        AddParameter(command.Parameters, command.CreateParameter(), lockColumn, OffsetTable.LockName(applier, stream));
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    public async Task<IReadOnlyList<(Checkpoint Checkpoint, DateTimeOffset AppliedAt)>> ReadCheckpointsAsync(CancellationToken ct)
    {
        await CreateOwnTablesAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = OffsetTable.SelectAll(dialect, offsetSchema);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var checkpoints = new List<(Checkpoint, DateTimeOffset)>();
        while (await reader.ReadAsync(ct))
            checkpoints.Add((OffsetTable.Read(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3)),
                new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(4), DateTimeKind.Utc))));
        return checkpoints;
    }

    public async Task ApplyAsync(IReadOnlyList<SourceTransaction> transactions, Checkpoint checkpoint, CancellationToken ct)
    {
        if (_pieces is not null)
        {
            await FinishPiecesAsync(transactions, checkpoint, ct);
            return;
        }
        await EnsureTablesAsync(transactions, checkpoint, ct);
        TruncatePlan truncates;
        try
        {
            truncates = await ApplyAsync(transactions, checkpoint, _coalescer, ct);
        }
        catch (DbException e) when (dialect.ChangedRowTwice(e))
        {
            LogRowByRow(logger, checkpoint.Offset.Value, e.Message);
            truncates = await ApplyAsync(transactions, checkpoint, _rowByRow, ct);
        }
        catch (Exception e) when (RefusesValue(e))
        {
            throw await LocateRefusedValueAsync(transactions, checkpoint, e, ct);
        }
        Truncates.Committed(truncates, checkpoint.Stream);
    }

    /// <summary>
    /// A value the target cannot take (see <see cref="SqlDialect.RefusesValue"/>, or a value the dialect refuses before
    /// sending it) is refused again on every retry: it stops the stream instead.
    /// </summary>
    private bool RefusesValue(Exception e) =>
        e is ApplyException { Retryable: false } || e is DbException error && dialect.RefusesValue(error);

    /// <summary>
    /// Finds the change whose value the target refused, by writing the changes one statement at a time in a transaction
    /// that is rolled back, and names it: table, key, source position, stream offset, the target's reason.
    /// </summary>
    private async Task<ApplyException> LocateRefusedValueAsync(IReadOnlyList<SourceTransaction> transactions, Checkpoint checkpoint, Exception refused, CancellationToken ct)
    {
        await using (var transaction = await connection.BeginTransactionAsync(ct))
        {
            foreach (var change in transactions.SelectMany(t => t.Records).Select(evolver.Project))
            {
                try
                {
                    foreach (var statement in _rowByRow.For([change], _ => { }))
                    {
                        await using var batch = NewBatch(transaction);
                        AddStatement(batch, statement);
                        await batch.ExecuteNonQueryAsync(ct);
                    }
                }
                catch (Exception e) when (RefusesValue(e))
                {
                    var key = change.Table.HasKey && change.KeyRow is { } row
                        ? string.Join(", ", change.Table.KeyIndexes.Select(k => $"{change.Table.Columns[k].Name}={(row[k] is { } v ? CanonicalText.Format(change.Table.Columns[k], v) : "NULL")}"))
                        : "none (the table has no key)";
                    return new ApplyException(
                        $"Table {change.Table.Id}, key {key}, source position {change.Source.Position} ({change.Source.NativePosition}), stream {checkpoint.Stream} " +
                        $"at or before offset {checkpoint.Offset.Value}: the target refuses a value of this change ({e.Message}). Nothing of this source transaction " +
                        "was applied and the applier stopped. Fix the value at the source and replay, widen the target column, or leave the table out " +
                        "(--tables on the capturer); then start the applier again.", inner: e, badMessage: true);
                }
            }
        }
        return new ApplyException(
            $"Stream {checkpoint.Stream} at or before offset {checkpoint.Offset.Value}: the target refuses a value ({refused.Message}); nothing of it was applied and " +
            "the applier stopped. Fix the value at the source and replay, or widen the target column; then start the applier again.", inner: refused, badMessage: true);
    }

    /// <summary>Every table's truncates refused by <see cref="TruncatePolicy"/>: table, stream, count, last source position and time.</summary>
    public async Task<IReadOnlyList<(string Table, string Stream, long Count, string? Position, DateTimeOffset? At)>> ReadRefusedTruncatesAsync(CancellationToken ct)
    {
        await evolver.CreateIfMissingAsync(_feeds, ct);
        await using var command = connection.CreateCommand();
        command.CommandText = TableFeeds.SelectRefused(dialect, _feeds);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var refused = new List<(string, string, long, string?, DateTimeOffset?)>();
        while (await reader.ReadAsync(ct))
            refused.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(4), DateTimeKind.Utc))));
        return refused;
    }

    private async Task<TruncatePlan> ApplyAsync(IReadOnlyList<SourceTransaction> transactions, Checkpoint checkpoint, StatementCoalescer coalescer, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var truncates = await WriteAsync(transaction, transactions, checkpoint, coalescer, ct);
        await transaction.CommitAsync(ct);
        return truncates;
    }

    /// <summary>Writes the offset row, then the changes, into <paramref name="transaction"/> (left open).</summary>
    private async Task<TruncatePlan> WriteAsync(DbTransaction transaction, IReadOnlyList<SourceTransaction> transactions, Checkpoint checkpoint, StatementCoalescer coalescer, CancellationToken ct)
    {
        var truncates = await Truncates.PlanAsync(transactions, checkpoint.Stream, transaction, ct);
        var batch = NewBatch(transaction);
        AddStatement(batch, _statements.Upsert(dialect.TableName(_offsets.Id), _offsets, OffsetTable.Row(checkpoint)));
        foreach (var statement in truncates.Statements)
            AddStatement(batch, statement);
        var parameters = 0;
        var changes = transactions.SelectMany(t => t.Records).Where(truncates.Applies).Select(evolver.Project);
        foreach (var statement in coalescer.For(changes, change => LogCannotMatch(logger, change.Table.Id.ToString(), change.Op.ToString(), change.Source.Position.ToString())))
        {
            AddStatement(batch, statement);
            parameters += statement.Parameters.Count;
            if (batch.BatchCommands.Count >= StatementsPerRoundTrip || parameters >= ParametersPerRoundTrip)
            {
                await batch.ExecuteNonQueryAsync(ct);
                await batch.DisposeAsync();
                batch = NewBatch(transaction);
                parameters = 0;
            }
        }
        if (batch.BatchCommands.Count > 0)
            await batch.ExecuteNonQueryAsync(ct);
        await batch.DisposeAsync();
        return truncates;
    }

    public async ValueTask DisposeAsync()
    {
        await AbandonPiecesAsync();
        await connection.DisposeAsync();
    }

    private DbBatch NewBatch(DbTransaction transaction)
    {
        var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        return batch;
    }

    private void AddStatement(DbBatch batch, SqlStatement statement)
    {
        var command = batch.CreateBatchCommand();
        command.CommandText = statement.Sql;
        foreach (var (column, value) in statement.Parameters)
            AddParameter(command.Parameters, command.CreateParameter(), column, value);
        batch.BatchCommands.Add(command);
    }

    private void AddParameter(DbParameterCollection parameters, DbParameter parameter, ColumnDefinition column, object? value)
    {
        parameter.Value = value is null ? DBNull.Value : dialect.ParameterValue(column, value);
        dialect.DescribeParameter(parameter, column);
        parameters.Add(parameter);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The target transaction up to stream offset {Offset} would change one target row twice in a multi-row statement ({Reason}): " +
        "keys that differ at the source are one key on the target (a case-insensitive key collation?). Applying it again with one statement per row")]
    private static partial void LogRowByRow(ILogger logger, long offset, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipping {Op} on {Table} at {Position}: the table has no key and the change does not carry the whole old row (set REPLICA IDENTITY FULL on the source table)")]
    private static partial void LogCannotMatch(ILogger logger, string table, string op, string position);
}
