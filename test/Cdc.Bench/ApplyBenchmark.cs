using System.Diagnostics;
using Cdc.Appliers.Assembly;
using Cdc.Appliers.Writing;
using Cdc.Connections;
using Cdc.IntegrationTests.Harness;
using Cdc.Model;
using Cdc.Positions;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cdc.Bench;

/// <summary>
/// The target writer alone, in process, against the test PostgreSQL and MariaDB servers: <c>rows</c> inserts, then an
/// update and finally a delete of each row, in source transactions of 100 records and target transactions of 5,000 (the
/// applier's default), as a snapshot or a bulk load sends them. Prints records/s per engine and operation, and the share
/// of the wall time this process spent on the CPU (building statements and parameters) rather than waiting for the server.
/// </summary>
internal static class ApplyBenchmark
{
    private const int RecordsPerSourceTransaction = 100;
    private const int RecordsPerTargetTransaction = 5000;

    private static readonly TableDefinition Accounts = new(new TableId("public", "accounts"),
    [
        new ColumnDefinition("id", ColumnKind.Int64, "bigint", Nullable: false, IsKey: true),
        new ColumnDefinition("owner", ColumnKind.String, "text"),
        new ColumnDefinition("balance", ColumnKind.Decimal, "numeric(12,2)", Precision: 12, Scale: 2),
        new ColumnDefinition("updated", ColumnKind.TimestampTz, "timestamptz", Precision: 6),
    ]);

    public static async Task<int> RunAsync(int rows)
    {
        await using (var postgres = await PostgresDatabase.CreateAsync("bench_apply"))
            await RunAsync("postgresql", postgres.Uri, rows);
        await using (var mariadb = await MariaDbDatabase.CreateAsync("bench_apply"))
            await RunAsync("mariadb", mariadb.Uri, rows);
        return 0;
    }

    private static async Task RunAsync(string engine, DatabaseUri target, int rows)
    {
        await using var writer = await TargetWriters.OpenAsync(target, NullLogger.Instance, CancellationToken.None);
        await writer.ReadCheckpointAsync("bench", "cdc.bench", CancellationToken.None); // creates the offset table
        var offset = 0L;
        foreach (var (op, name) in new[] { (Operation.Create, "insert"), (Operation.Update, "update"), (Operation.Delete, "delete") })
        {
            var records = Enumerable.Range(0, rows).Select(i => Change(op, i, offset + i)).ToArray();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            foreach (var chunk in records.Chunk(RecordsPerTargetTransaction))
            {
                var transactions = chunk.Chunk(RecordsPerSourceTransaction)
                    .Select(t => new SourceTransaction(t, new StreamOffset((long)t[^1].Source.Position.Offset), t[^1].Source.Position)).ToArray();
                await writer.ApplyAsync(transactions, new Checkpoint("bench", "cdc.bench", transactions[^1].LastOffset, transactions[^1].LastPosition), CancellationToken.None);
            }
            var wall = clock.Elapsed;
            var busy = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            Console.WriteLine($"apply {engine,-10} {name}: {rows / wall.TotalSeconds,8:0} records/s, this process on the CPU {busy / wall:P0} of the time");
            offset += rows;
        }
    }

    private static ChangeRecord Change(Operation op, int id, long offset)
    {
        var row = new RowImage([(long)id, $"owner {id}", $"{id * 1.25m + (op == Operation.Update ? 1 : 0):0.00}", 1_700_000_000_000_000L + id]);
        var source = new SourceInfo("bench", DatabaseEngine.Postgres, "bench", new SourcePosition(0, (ulong)offset + 1, 0), "0/1", "1", DateTimeOffset.UnixEpoch);
        return new ChangeRecord(op, Accounts, op == Operation.Create ? null : row, op == Operation.Delete ? null : row, source);
    }
}
