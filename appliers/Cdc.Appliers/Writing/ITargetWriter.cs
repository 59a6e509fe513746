using Cdc.Appliers.Assembly;
using Cdc.Positions;

namespace Cdc.Appliers.Writing;

/// <summary>Writes whole source transactions into a target database together with the checkpoint that covers them.</summary>
public interface ITargetWriter : IAsyncDisposable
{
    /// <summary>Where this applier stopped on this stream, or the start when it never applied anything.</summary>
    Task<Checkpoint> ReadCheckpointAsync(string applier, string stream, CancellationToken ct);

    /// <summary>Applies the transactions and stores <paramref name="checkpoint"/> in one target transaction.</summary>
    Task ApplyAsync(IReadOnlyList<SourceTransaction> transactions, Checkpoint checkpoint, CancellationToken ct);
}
