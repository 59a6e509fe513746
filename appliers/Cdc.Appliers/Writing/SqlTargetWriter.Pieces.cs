using System.Data.Common;
using Cdc.Appliers.Assembly;
using Cdc.Appliers.Writing.Evolution;
using Cdc.Positions;
using Microsoft.Extensions.Logging;

namespace Cdc.Appliers.Writing;

/// <summary>
/// A source transaction too large to hold whole, written in pieces into one target transaction: each piece behind a
/// savepoint (a multi-row statement that changes one row twice is undone to it and written again row by row), the
/// offset row first as in every target transaction (still at the checkpoint applied before, so the target's own
/// capturer knows the transaction for an applier's), the end with the new checkpoint and the commit. Any failure rolls
/// the whole target transaction back: nothing of the source transaction is applied, the checkpoint did not move.
/// </summary>
public sealed partial class SqlTargetWriter
{
    private const string PieceSavepoint = "cdc_piece";
    private readonly List<TruncatePlan> _piecePlans = [];
    private DbTransaction? _pieces;

    public async Task WritePieceAsync(SourceTransaction piece, Checkpoint applied, CancellationToken ct)
    {
        await EnsureTablesAsync([piece], applied, ct);
        _pieces ??= await connection.BeginTransactionAsync(ct);
        await WriteSavedAsync(_pieces, [piece], applied, ct);
        LogPiece(logger, applied.Stream, piece.Records.Count, piece.LastOffset.Value, piece.LastPosition.ToString());
    }

    public async Task AbandonPiecesAsync()
    {
        if (_pieces is not { } transaction)
            return;
        _pieces = null;
        _piecePlans.Clear();
        try
        {
            await transaction.RollbackAsync();
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            // The connection broke: the server rolls the transaction back by itself.
        }
        await transaction.DisposeAsync();
    }

    /// <summary>The end of a source transaction whose pieces were written (and what followed it in the batch): written, then committed with the checkpoint.</summary>
    private async Task FinishPiecesAsync(IReadOnlyList<SourceTransaction> transactions, Checkpoint checkpoint, CancellationToken ct)
    {
        await EnsureTablesAsync(transactions, checkpoint, ct);
        var transaction = _pieces!;
        await WriteSavedAsync(transaction, transactions, checkpoint, ct);
        try
        {
            await transaction.CommitAsync(ct);
        }
        catch
        {
            await AbandonPiecesAsync();
            throw;
        }
        _pieces = null;
        await transaction.DisposeAsync();
        foreach (var plan in _piecePlans)
            Truncates.Committed(plan, checkpoint.Stream);
        _piecePlans.Clear();
    }

    private async Task WriteSavedAsync(DbTransaction transaction, IReadOnlyList<SourceTransaction> transactions, Checkpoint checkpoint, CancellationToken ct)
    {
        try
        {
            await transaction.SaveAsync(PieceSavepoint, ct);
            try
            {
                _piecePlans.Add(await WriteAsync(transaction, transactions, checkpoint, _coalescer, ct));
            }
            catch (DbException e) when (dialect.ChangedRowTwice(e))
            {
                LogRowByRow(logger, checkpoint.Offset.Value, e.Message);
                await transaction.RollbackAsync(PieceSavepoint, ct);
                _piecePlans.Add(await WriteAsync(transaction, transactions, checkpoint, _rowByRow, ct));
            }
        }
        catch (Exception e) when (RefusesValue(e))
        {
            await AbandonPiecesAsync();
            throw await LocateRefusedValueAsync(transactions, checkpoint, e, ct);
        }
        catch
        {
            await AbandonPiecesAsync();
            throw;
        }
    }

    /// <summary>
    /// Creates and evolves the tables the records need. Inside a target transaction left open for pieces on an engine
    /// whose DDL commits (MySQL, MariaDB), a table that needs DDL rolls the pieces back, is evolved on its own, and the
    /// source transaction is applied again from its start (the next session finds the table ready).
    /// </summary>
    private async Task EnsureTablesAsync(IReadOnlyList<SourceTransaction> transactions, Checkpoint checkpoint, CancellationToken ct)
    {
        var records = transactions.SelectMany(t => t.Records).DistinctBy(r => r.Table).ToList();
        evolver.RefusesDdl = _pieces is not null && !dialect.TransactionalDdl;
        try
        {
            foreach (var record in records)
                await evolver.EnsureAsync(record, checkpoint.Offset.Value, ct);
        }
        catch (DdlWouldCommitException e)
        {
            await AbandonPiecesAsync();
            evolver.RefusesDdl = false;
            foreach (var record in records)
                await evolver.EnsureAsync(record, checkpoint.Offset.Value, ct);
            throw new ApplyException(
                $"Stream {checkpoint.Stream} after offset {checkpoint.Offset.Value}: a source transaction applied in pieces needed DDL halfway ({e.Statement}), which " +
                "this target engine commits at once; the pieces written were rolled back, the table was made ready, and the transaction is applied again from its start.",
                retryable: true, inner: e);
        }
        finally
        {
            evolver.RefusesDdl = false;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stream {Stream}: wrote a piece of {Records} records of a large source transaction (up to offset {Offset}, position {Position}) into the open target transaction")]
    private static partial void LogPiece(ILogger logger, string stream, int records, long offset, string position);
}
