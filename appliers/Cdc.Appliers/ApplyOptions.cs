namespace Cdc.Appliers;

/// <summary>
/// An applier's settings as configured, bound from the section <c>Apply</c> of appsettings.json, environment variables
/// (<c>CDC_Apply__Name</c>) and the command line; the apply sessions use the <see cref="ApplySettings"/> made from them at start.
/// </summary>
public sealed class ApplyOptions
{
    /// <summary>The applier's name: its rows in the target's offset table are keyed by it.</summary>
    public string Name { get; set; } = "";

    /// <summary>The streams to consume, comma-separated (<c>cdc.&lt;office&gt;</c>), each applied in its own order.</summary>
    public string Streams { get; set; } = "";

    /// <summary>The target database URI (<c>postgres://</c> or <c>mysql://</c>).</summary>
    public string Target { get; set; } = "";

    /// <summary>The broker URI (<c>amqp://user:password@host:port/vhost</c>).</summary>
    public string Broker { get; set; } = "";

    /// <summary>
    /// Messages the broker may send ahead of what is queued (each at most 512 KiB): with <see cref="MaxBufferBytes"/>
    /// the bound of what the applier holds before applying.
    /// </summary>
    public ushort Prefetch { get; set; } = 100;

    /// <summary>
    /// Records per target transaction at most (whole source transactions are never split across target transactions;
    /// a larger one is written in pieces of this many records into one target transaction).
    /// </summary>
    public int MaxRecordsPerTransaction { get; set; } = 5000;

    /// <summary>Bytes of received messages queued ahead of the apply loop at most (besides the prefetch's messages the client holds).</summary>
    public long MaxBufferBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>
    /// Bytes (as received, encoded) of one source transaction held at most: a larger one is written in pieces of this
    /// size into one target transaction, committed at its end with the checkpoint.
    /// </summary>
    public long PieceBytes { get; set; } = 8L * 1024 * 1024;

    /// <summary>How long a record waits for its schema version to reach the registry before it is refused.</summary>
    public TimeSpan SchemaPatience { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A target column whose source column was dropped: Keep (default; made nullable) or Drop.</summary>
    public DroppedColumnPolicy DroppedColumns { get; set; } = DroppedColumnPolicy.Keep;

    /// <summary>A source TRUNCATE: Auto (default; truncates a table only this stream writes, refuses it on a table others write too) or Refuse.</summary>
    public TruncatePolicy Truncate { get; set; } = TruncatePolicy.Auto;

    /// <summary>A bad message (undecodable, or refused by the target): Stop (default; its stream halts at it) or Park (copied to cdc.&lt;office&gt;.dead and gone past).</summary>
    public BadMessagePolicy OnBadMessage { get; set; } = BadMessagePolicy.Stop;

    /// <summary>
    /// The tables every stream may write, comma-separated <c>schema.table</c> or <c>schema.*</c>; empty: the tables of
    /// each stream office's own subjects. Cdc's bookkeeping tables are never writable.
    /// </summary>
    public string Tables { get; set; } = "";

    /// <summary>Per-stream allow-lists (stream name → list as in <see cref="Tables"/>), which replace <see cref="Tables"/> for their stream.</summary>
    public Dictionary<string, string> StreamTables { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The allow-list of one stream.</summary>
    public Pipeline.TableAllowList AllowListFor(string stream) =>
        Pipeline.TableAllowList.Parse(StreamTables.TryGetValue(stream, out var own) ? own : Tables,
            reservedInEverySchema: !Target.StartsWith("postgres", StringComparison.OrdinalIgnoreCase));

    /// <summary>The longest wait between reconnect attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public IReadOnlyList<string> StreamNames =>
        Streams.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToArray();

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
            throw new ArgumentException("No applier name given: pass --name <applier> (or Apply:Name in appsettings.json).");
        if (StreamNames.Count == 0)
            throw new ArgumentException("No stream given: pass --streams cdc.<office>[,cdc.<office>...].");
        if (string.IsNullOrWhiteSpace(Target))
            throw new ArgumentException("No target given: pass --target postgres://user:password@host:port/database or mysql://...");
        if (MaxBufferBytes < 1 || PieceBytes < 1 || MaxRecordsPerTransaction < 1)
            throw new ArgumentException("--max-buffer-bytes, --piece-bytes and --max-records-per-transaction must be at least 1.");
        if (string.IsNullOrWhiteSpace(Broker))
            throw new ArgumentException("No broker given: pass --broker amqp://user:password@host:port/%2F.");
        foreach (var stream in StreamNames)
            AllowListFor(stream);
        foreach (var stream in StreamTables.Keys.Except(StreamNames))
            throw new ArgumentException($"Apply:StreamTables names stream {stream}, which is not among the streams applied ({Streams}).");
    }
}
