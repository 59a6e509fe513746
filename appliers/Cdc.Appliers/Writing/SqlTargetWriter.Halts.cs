using Cdc.Model;
using Cdc.Positions;

namespace Cdc.Appliers.Writing;

public sealed partial class SqlTargetWriter
{
    private readonly TableDefinition _halts = StreamHalts.Definition(offsetSchema);

    public async Task RecordHaltAsync(Checkpoint applied, long? offset, string reason, CancellationToken ct)
    {
        await AbandonPiecesAsync();
        await evolver.CreateIfMissingAsync(_halts, ct);
        await WriteBesideCheckpointAsync(applied,
            _statements.Upsert(dialect.TableName(_halts.Id), _halts, StreamHalts.Row(applied.Applier, applied.Stream, offset, reason)), ct);
    }

    /// <summary>A target that never saw a halt has no <c>cdc_halts</c>: it is created by the first halt only.</summary>
    public async Task ClearHaltAsync(Checkpoint applied, CancellationToken ct)
    {
        if (!(await ReadHaltsAsync(ct)).Any(h => h.Applier == applied.Applier && h.Stream == applied.Stream))
            return;
        await WriteBesideCheckpointAsync(applied,
            _statements.DeleteByKey(dialect.TableName(_halts.Id), _halts, [StreamHalts.Row(applied.Applier, applied.Stream, null, "")]), ct);
    }

    public async Task<IReadOnlyList<(string Applier, string Stream, long? Offset, string Reason, DateTimeOffset At)>> ReadHaltsAsync(CancellationToken ct)
    {
        if (!await evolver.ExistsAsync(_halts.Id, ct))
            return [];
        await using var command = connection.CreateCommand();
        command.CommandText = StreamHalts.SelectAll(dialect, _halts);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var halts = new List<(string, string, long?, string, DateTimeOffset)>();
        while (await reader.ReadAsync(ct))
            halts.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt64(2), reader.GetString(3),
                new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(4), DateTimeKind.Utc))));
        return halts;
    }

    /// <summary>One statement in a transaction that begins with the (unchanged) checkpoint, as every applier transaction does: the target's own capturer drops it.</summary>
    private async Task WriteBesideCheckpointAsync(Checkpoint applied, SqlStatement statement, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var batch = NewBatch(transaction))
        {
            AddStatement(batch, _statements.Upsert(dialect.TableName(_offsets.Id), _offsets, OffsetTable.Row(applied)));
            AddStatement(batch, statement);
            await batch.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
    }
}
