using System.Data.Common;
using Cdc.Appliers.Assembly;
using Cdc.Appliers.Hosting;
using Cdc.Model;
using Microsoft.Extensions.Logging;

namespace Cdc.Appliers.Writing;

/// <summary>
/// Applies the <see cref="TruncatePolicy"/> to a batch of one stream: which truncates reach the target, and the
/// <see cref="TableFeeds"/> rows the batch's transaction writes (the streams that write each table, the truncates refused).
/// A run of consecutive truncates of one source transaction (PostgreSQL's <c>TRUNCATE a, b</c>, whose tables may reference each other) is applied
/// or refused as a whole. A refused truncate is logged, counted and recorded, and everything else is applied.
/// </summary>
internal sealed partial class TruncateGuard(DbConnection connection, SqlDialect dialect, TableDefinition feeds, TruncatePolicy policy, ApplyMetrics? metrics, ILogger logger)
{
    private readonly HashSet<(string Table, string Stream)> _recorded = [];

    /// <summary>
    /// Decides inside the batch's <paramref name="transaction"/>, with the truncated tables locked against writers (or the
    /// feed rows read with a locking read), so that a stream writing a table for the first time at this very moment is
    /// either seen here or writes after the truncate.
    /// </summary>
    public async Task<TruncatePlan> PlanAsync(IReadOnlyList<SourceTransaction> transactions, string stream, DbTransaction transaction, CancellationToken ct)
    {
        var plan = new TruncatePlan();
        var records = transactions.SelectMany(t => t.Records).ToList();
        foreach (var table in records.Select(r => r.Table.Id).Distinct().Select(dialect.TableName).Distinct())
            if (!_recorded.Contains((table, stream)))
            {
                plan.Statements.Add(TableFeeds.Record(dialect, feeds, table, stream));
                plan.NewFeeds.Add(table);
            }
        for (var i = 0; i < records.Count; i++)
        {
            if (records[i].Op != Operation.Truncate)
                continue;
            // One source transaction's truncates only: two offices' (or one office's two) TRUNCATEs that meet in a batch
            // are decided each on its own, so a refused one never takes another with it.
            var transactionOf = records[i].Source.Position with { Index = 0 };
            var run = records.Skip(i).TakeWhile(r => r.Op == Operation.Truncate && r.Source.Position with { Index = 0 } == transactionOf).ToList();
            i += run.Count - 1;
            var tables = run.Select(r => dialect.TableName(r.Table.Id)).Distinct().ToList();
            if (await ReasonToRefuseAsync(tables, stream, run[0].Source.Snapshot, transaction, ct) is not { } reason)
                continue;
            var position = run[0].Source.Position.ToString();
            foreach (var record in run)
                plan.Refused.Add(record);
            foreach (var table in tables)
                plan.Statements.Add(TableFeeds.Refused(dialect, feeds, table, stream, position));
            plan.Refusals.Add((string.Join(", ", tables), position, reason));
        }
        return plan;
    }

    /// <summary>After the batch's transaction committed: its feeds are recorded, its refusals logged and counted.</summary>
    public void Committed(TruncatePlan plan, string stream)
    {
        foreach (var table in plan.NewFeeds)
            _recorded.Add((table, stream));
        foreach (var (tables, position, reason) in plan.Refusals)
        {
            LogRefused(logger, tables, stream, position, reason);
            metrics?.TruncateRefused(stream, tables);
        }
    }

    /// <summary>
    /// Why not to apply these truncates; null to apply them. A snapshot's truncate (a table without a key copied whole:
    /// its copy replaces the table's rows) is the capturer's, not a source statement, so --truncate refuse leaves it be;
    /// it is refused only where other streams write the table too, whose rows it cannot tell apart.
    /// </summary>
    private async Task<string?> ReasonToRefuseAsync(IReadOnlyList<string> tables, string stream, bool snapshot, DbTransaction transaction, CancellationToken ct)
    {
        if (policy == TruncatePolicy.Refuse && !snapshot)
            return "this applier refuses every truncate (--truncate refuse)";
        if (dialect.LockForTruncate(tables) is { } lockTables)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = lockTables;
            await command.ExecuteNonQueryAsync(ct);
        }
        var shared = new List<string>();
        foreach (var table in tables)
        {
            var others = (await StreamsOfAsync(table, transaction, ct)).Where(s => s != stream).ToList();
            if (others.Count > 0)
                shared.Add($"{table} is also written by {string.Join(", ", others)}");
        }
        return shared.Count == 0 ? null : string.Join("; ", shared);
    }

    private async Task<List<string>> StreamsOfAsync(string table, DbTransaction transaction, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = TableFeeds.SelectStreams(dialect, feeds) + dialect.LockingRead;
        var parameter = command.CreateParameter();
        parameter.Value = table;
        command.Parameters.Add(parameter);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var streams = new List<string>();
        while (await reader.ReadAsync(ct))
            streams.Add(reader.GetString(0));
        return streams;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused TRUNCATE of {Tables} from stream {Stream} at source position {Position}: {Reason}. " +
        "Its rows stay, and everything else of the stream is applied. It is counted (cdc_apply_truncates_refused_total) and listed by cdc status; " +
        "to remove that stream's rows from a shared table, delete them by hand")]
    private static partial void LogRefused(ILogger logger, string tables, string stream, string position, string reason);
}
