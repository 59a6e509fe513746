using Cdc.Model;

namespace Cdc.Capture.Reading;

/// <summary>What a source reader yields: the changes of a transaction, then its commit.</summary>
public abstract record CaptureEvent;

/// <summary>One row change (or truncate) of the current transaction.</summary>
public sealed record ChangeCaptured(ChangeRecord Record) : CaptureEvent;

/// <summary>The end of a source transaction: what to acknowledge to the source once the broker confirmed all of it.</summary>
public sealed record TransactionCommitted(SourceAcknowledgement Acknowledgement) : CaptureEvent;

/// <summary>
/// The log went past this point with nothing for the stream since the last commit (traffic of other databases or
/// tables, skipped by the source): once everything before it is confirmed, acknowledging it lets the source forget
/// that traffic. Yielded only between transactions.
/// </summary>
public sealed record LogAdvanced(SourceAcknowledgement Acknowledgement) : CaptureEvent;

/// <summary>An engine's way to say "everything up to here is safe": a PostgreSQL LSN, a MySQL binlog position.</summary>
public abstract record SourceAcknowledgement;
