using Cdc.Appliers.Pipeline;
using Cdc.Appliers.Writing;
using Cdc.Model;
using Cdc.Positions;
using Cdc.Schemas.Registry;
using Cdc.Streams.Consuming;
using Microsoft.Extensions.Logging;

namespace Cdc.Cli.Operations;

/// <summary>
/// Re-applies a range of a stream into a target with the applier's own loop (<see cref="ApplyBatcher"/>) and target
/// writer: whole source transactions, several per target transaction, each with the replay's checkpoint stored under
/// its own name. Every record of the range is applied again (the assembler starts from no position);
/// unless forced, the appliers of the stream must be stopped (their locks are held for the whole replay, so none
/// starts meanwhile) and the range must reach at least as far as each of them applied, so that the target never ends
/// older than it was.
/// </summary>
internal sealed class StreamReplay(ReplayPlan plan, StreamFeed feed, SchemaRegistry registry, ITargetWriter writer, ILogger logger)
{
    private const int MaxRecordsPerTransaction = 5000;

    /// <summary>A transaction larger than this (as received) is replayed in pieces into one target transaction, as the applier does.</summary>
    private const long PieceBytes = 8L * 1024 * 1024;
    private static readonly TimeSpan SchemaPatience = TimeSpan.FromSeconds(10);

    /// <summary>Changes (applied, or that would be with a dry run) by table and op.</summary>
    public Dictionary<(string Table, char Op), long> Changes { get; } = [];

    public long LastOffset { get; private set; } = -1;

    /// <summary>Refuses what would break the exactly-once rules, unless forced; holds the appliers' locks when it proceeds.</summary>
    public async Task CheckAppliersAsync(long end, CancellationToken ct)
    {
        if (plan.Force)
            return;
        foreach (var (checkpoint, _) in await writer.ReadCheckpointsAsync(ct))
        {
            if (checkpoint.Stream != plan.Stream || checkpoint.Applier == plan.Name)
                continue;
            if (!await writer.TryLockAsync(checkpoint.Applier, plan.Stream, ct))
                throw new OperationFailedException(
                    $"Applier {checkpoint.Applier} is running on stream {plan.Stream} into {plan.Target}: its changes and the replay's would interleave. " +
                    $"Stop it first (SIGTERM to its `cdc apply --name {checkpoint.Applier}` process), or pass --force to replay over whatever it writes.");
            if (checkpoint.Offset.Value > end)
                throw new OperationFailedException(
                    $"Replaying {plan.Stream} to offset {end} would leave the target older than applier {checkpoint.Applier} left it (it applied up to offset {checkpoint.Offset}). " +
                    $"Replay to at least offset {checkpoint.Offset} (or leave out --to-offset), or pass --force to re-apply the older changes over newer data.");
        }
    }

    public async Task RunAsync(long end, Action<long> progress, CancellationToken ct)
    {
        var batcher = new ApplyBatcher(plan.Stream, registry, SchemaPatience, MaxRecordsPerTransaction, logger)
        {
            Includes = plan.Includes,
            AcceptsFirstMessage = true,
            Consumed = message =>
            {
                LastOffset = message.Offset;
                progress(message.Offset);
            },
            Undecodable = (message, _, e) => new OperationFailedException(
                $"The message at offset {message.Offset} of stream {plan.Stream} cannot be replayed: {e.Message}. Everything before it was {(plan.DryRun ? "checked" : "applied")}; " +
                $"inspect it with `cdc tail --stream {plan.Stream} --from offset {message.Offset}`, and replay from offset {message.Offset + 1} to go past it.", e),
            Pieces = new TransactionPieces(PieceBytes, MaxRecordsPerTransaction, async (piece, applied) =>
            {
                if (!plan.DryRun)
                    await writer.WritePieceAsync(piece, applied, ct);
                Count(piece.Records);
            }, plan.DryRun ? () => Task.CompletedTask : writer.AbandonPiecesAsync),
        };
        // The assembler starts from no position (the start checkpoint's): every record of the range is applied again.
        await batcher.RunAsync(feed.ReadAsync(plan.From, end, follow: false, ct), Checkpoint.Start(plan.Name, plan.Stream), async (batch, next) =>
        {
            if (!plan.DryRun)
                await writer.ApplyAsync(batch, next, ct);
            Count(batch.SelectMany(t => t.Records));
        }, ct);
    }

    private void Count(IEnumerable<ChangeRecord> records)
    {
        foreach (var record in records)
        {
            var key = (record.Table.Id.ToString(), record.Op.ToCode());
            Changes[key] = Changes.GetValueOrDefault(key) + 1;
        }
    }
}
