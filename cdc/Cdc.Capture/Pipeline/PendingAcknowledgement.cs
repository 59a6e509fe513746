using Cdc.Capture.Reading;

namespace Cdc.Capture.Pipeline;

/// <summary>A published source transaction: acknowledged to the source once <see cref="Confirmed"/> completes.</summary>
internal sealed record PendingAcknowledgement(Task Confirmed, SourceAcknowledgement Acknowledgement);
