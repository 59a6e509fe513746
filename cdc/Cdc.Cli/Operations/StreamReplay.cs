using Cdc.Appliers.Assembly;
using Cdc.Appliers.Consuming;
using Cdc.Appliers.Writing;
using Cdc.Model;
using Cdc.Positions;
using Microsoft.Extensions.Logging;

namespace Cdc.Cli.Operations;

/// <summary>
/// Re-applies a range of a stream into a target with the applier's own machinery (decoder, transaction assembler,
/// target writer): whole source transactions, several per target transaction, each with the replay's checkpoint
/// stored under its own name. Every record of the range is applied again (the assembler starts from no position);
/// unless forced, the appliers of the stream must be stopped (their locks are held for the whole replay, so none
/// starts meanwhile) and the range must reach at least as far as each of them applied, so that the target never ends
/// older than it was.
/// </summary>
internal sealed class StreamReplay(ReplayPlan plan, StreamFeed feed, ITargetWriter writer, ILogger logger)
{
    private const int MaxRecordsPerTransaction = 5000;
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
        var assembler = new TransactionAssembler(plan.Stream, SourcePosition.None, logger);
        var checkpoint = Checkpoint.Start(plan.Name, plan.Stream);
        var batch = new List<SourceTransaction>();
        var records = 0;
        await foreach (var message in feed.ReadAsync(plan.From, end, follow: false, ct))
        {
            var (headers, decoded) = await DecodeAsync(message, ct);
            LastOffset = message.Offset;
            progress(message.Offset);
            if (assembler.Add(message.Offset, headers, decoded) is not { } transaction)
                continue;
            var kept = transaction with { Records = transaction.Records.Where(r => plan.Includes(r.Table.Id)).ToArray() };
            batch.Add(kept);
            records += kept.Records.Count;
            if (records >= MaxRecordsPerTransaction)
            {
                checkpoint = await FlushAsync(batch, checkpoint, assembler.LastApplied, ct);
                records = 0;
            }
        }
        if (batch.Count > 0)
            await FlushAsync(batch, checkpoint, assembler.LastApplied, ct);
    }

    private async Task<(Cdc.Schemas.Wire.ChangeMessageHeaders, List<ChangeRecord>)> DecodeAsync(StreamMessage message, CancellationToken ct)
    {
        try
        {
            return await ChangeMessageDecoder.DecodeAsync(message, feed.Registry, SchemaPatience, ct);
        }
        catch (Exception e) when (ChangeMessageDecoder.IsUndecodable(e))
        {
            throw new OperationFailedException(
                $"The message at offset {message.Offset} of stream {plan.Stream} cannot be replayed: {e.Message}. Everything before it was {(plan.DryRun ? "checked" : "applied")}; " +
                $"inspect it with `cdc tail --stream {plan.Stream} --from offset {message.Offset}`, and replay from offset {message.Offset + 1} to go past it.", e);
        }
    }

    private async Task<Checkpoint> FlushAsync(List<SourceTransaction> batch, Checkpoint checkpoint, SourcePosition position, CancellationToken ct)
    {
        var next = checkpoint with { Offset = batch[^1].LastOffset, Position = position };
        if (!plan.DryRun)
            await writer.ApplyAsync(batch, next, ct);
        foreach (var record in batch.SelectMany(t => t.Records))
        {
            var key = (record.Table.Id.ToString(), record.Op.ToCode());
            Changes[key] = Changes.GetValueOrDefault(key) + 1;
        }
        batch.Clear();
        return next;
    }
}
