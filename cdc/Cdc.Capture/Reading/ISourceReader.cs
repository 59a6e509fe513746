using Cdc.Model;

namespace Cdc.Capture.Reading;

/// <summary>
/// Reads one source database's change log. Receiving is separate from acknowledging: the source forgets a change
/// only when <see cref="AcknowledgeAsync"/> is called, which the pipeline does after the broker confirmed it.
/// </summary>
public interface ISourceReader : IAsyncDisposable
{
    /// <summary>Checks the source's settings and permissions, and creates what the capture needs when allowed.</summary>
    Task PrepareAsync(CancellationToken ct);

    /// <summary>Streams changes from the first unacknowledged transaction on.</summary>
    IAsyncEnumerable<CaptureEvent> ReadAsync(CancellationToken ct);

    /// <summary>
    /// Whether records of this table are published. Readers yield every table's changes, the offset table's included,
    /// so that the pipeline can recognise an applier's transactions even when they are not captured.
    /// </summary>
    bool Captures(TableId table);

    /// <summary>
    /// Where an applier writing into this database keeps its offsets (<see cref="OffsetTableShape"/>): a transaction whose
    /// first change is to this table is an applier's, and is not published again (no echo).
    /// </summary>
    TableId OffsetTable { get; }

    /// <summary>Tells the source that everything up to this transaction's end is durable in the stream.</summary>
    Task AcknowledgeAsync(SourceAcknowledgement acknowledgement, CancellationToken ct);
}
