using Cdc.Capture.Snapshot;
using Cdc.Schemas.Compatibility;

namespace Cdc.Capture;

/// <summary>
/// A capturer's settings as configured, bound from the section <c>Capture</c> of appsettings.json, environment variables
/// (<c>CDC_Capture__Office</c>) and the command line; the capture uses the <see cref="CaptureSettings"/> made from them at start.
/// </summary>
public sealed class CaptureOptions
{
    /// <summary>The office this capturer reads for; its stream is <c>cdc.&lt;office&gt;</c>.</summary>
    public string Office { get; set; } = "";

    /// <summary>The source database URI (<c>postgres://</c> or <c>mysql://</c>).</summary>
    public string Source { get; set; } = "";

    /// <summary>The broker URI (<c>amqp://user:password@host:port/vhost</c>).</summary>
    public string Broker { get; set; } = "";

    /// <summary>Comma-separated <c>schema.table</c> names to capture; empty captures every table, including tables created later.</summary>
    public string Tables { get; set; } = "";

    /// <summary>PostgreSQL publication; default <c>cdc_&lt;office&gt;</c>.</summary>
    public string? Publication { get; set; }

    /// <summary>PostgreSQL replication slot; default <c>cdc_&lt;office&gt;</c>.</summary>
    public string? Slot { get; set; }

    /// <summary>Create the publication and slot when missing (otherwise say what to run).</summary>
    public bool CreateMissing { get; set; } = true;

    /// <summary>The change stream; default <c>cdc.&lt;office&gt;</c>.</summary>
    public string? Stream { get; set; }

    /// <summary>Stream retention by size, set when the capturer declares the stream.</summary>
    public long StreamMaxBytes { get; set; } = 20_000_000_000;

    /// <summary>Stream retention by age (RabbitMQ units: <c>7D</c>, <c>12h</c>).</summary>
    public string StreamMaxAge { get; set; } = "7D";

    /// <summary>Records per message at most (a transaction spans several messages when larger).</summary>
    public int MaxRecordsPerMessage { get; set; } = 500;

    /// <summary>
    /// How a table's next schema version must relate to the previous one: BACKWARD (default), FORWARD, FULL or NONE.
    /// A version that breaks it is registered all the same, with a warning naming the columns.
    /// </summary>
    public CompatibilityMode Compatibility { get; set; } = CompatibilityMode.Backward;

    /// <summary>The longest wait between reconnect attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// When to read the tables' existing rows: <c>initial</c> (default: when no position is stored yet, then stream),
    /// <c>never</c> (stream only), <c>always</c> (at every start), <c>initial_only</c> (snapshot, then stop).
    /// </summary>
    public string SnapshotMode { get; set; } = "initial";

    /// <summary>Rows per snapshot chunk: one keyset query, one source transaction in the stream, one persisted progress step.</summary>
    public int SnapshotChunkSize { get; set; } = 10_000;

    /// <summary>Throws with what is missing, so a mistyped command fails before it connects anywhere.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Office))
            throw new ArgumentException("No office given: pass --office <name> (or Capture:Office in appsettings.json).");
        if (Office.EndsWith(Cdc.Streams.Broker.StreamNames.DeadLettersSuffix, StringComparison.Ordinal))
            throw new ArgumentException($"Office {Office}: a name ending in {Cdc.Streams.Broker.StreamNames.DeadLettersSuffix} is kept for the streams of parked messages; choose another.");
        if (string.IsNullOrWhiteSpace(Source))
            throw new ArgumentException("No source given: pass --source postgres://user:password@host:port/database or mysql://...");
        if (string.IsNullOrWhiteSpace(Broker))
            throw new ArgumentException("No broker given: pass --broker amqp://user:password@host:port/%2F.");
        _ = SnapshotModes.Parse(SnapshotMode);
        if (SnapshotChunkSize < 1)
            throw new ArgumentException($"--snapshot-chunk-size {SnapshotChunkSize} is not a row count: give 1 or more (default 10000).");
    }
}
