using Cdc.Appliers.Assembly;
using Cdc.Positions;

namespace Cdc.Appliers.Writing;

/// <summary>Writes whole source transactions into a target database together with the checkpoint that covers them.</summary>
public interface ITargetWriter : IAsyncDisposable
{
    /// <summary>Where this applier stopped on this stream, or the start when it never applied anything.</summary>
    Task<Checkpoint> ReadCheckpointAsync(string applier, string stream, CancellationToken ct);

    /// <summary>
    /// Takes the target-side lock of one applier on one stream for as long as this writer lives, or returns false when
    /// another session holds it: two appliers of one name never write one stream, and <c>cdc offsets set</c> never moves
    /// the position of a running applier.
    /// </summary>
    Task<bool> TryLockAsync(string applier, string stream, CancellationToken ct);

    /// <summary>Every stored checkpoint of every applier in this target.</summary>
    Task<IReadOnlyList<(Checkpoint Checkpoint, DateTimeOffset AppliedAt)>> ReadCheckpointsAsync(CancellationToken ct);

    /// <summary>The truncates refused in this target (see <see cref="TruncatePolicy"/>), per table and stream: how many, the last one's source position and time.</summary>
    Task<IReadOnlyList<(string Table, string Stream, long Count, string? Position, DateTimeOffset? At)>> ReadRefusedTruncatesAsync(CancellationToken ct);

    /// <summary>
    /// Records that this applier's stream halted (at <paramref name="offset"/> when one message is at fault, and why), beside
    /// the unchanged checkpoint <paramref name="applied"/>; pieces not committed are rolled back first.
    /// </summary>
    Task RecordHaltAsync(Checkpoint applied, long? offset, string reason, CancellationToken ct);

    /// <summary>Removes the halt of this applier's stream, if one is recorded (a session starts again).</summary>
    Task ClearHaltAsync(Checkpoint applied, CancellationToken ct);

    /// <summary>The halted streams of every applier in this target: offset, reason and when.</summary>
    Task<IReadOnlyList<(string Applier, string Stream, long? Offset, string Reason, DateTimeOffset At)>> ReadHaltsAsync(CancellationToken ct);

    /// <summary>
    /// Applies the transactions and stores <paramref name="checkpoint"/> in one target transaction (the one the pieces
    /// of the first transaction were written into, if any: it commits now).
    /// </summary>
    Task ApplyAsync(IReadOnlyList<SourceTransaction> transactions, Checkpoint checkpoint, CancellationToken ct);

    /// <summary>
    /// Writes a piece of a source transaction too large to hold whole into a target transaction left open, beside the
    /// checkpoint <paramref name="applied"/> before it (unchanged); the next <see cref="ApplyAsync"/> writes its end into
    /// the same target transaction and commits it. A failure rolls back every piece.
    /// </summary>
    Task WritePieceAsync(SourceTransaction piece, Checkpoint applied, CancellationToken ct);

    /// <summary>Rolls back the pieces written and not committed (a partial transaction replaced by a complete copy).</summary>
    Task AbandonPiecesAsync();
}
