using Cdc.Capture.Snapshot;
using Cdc.Connections;
using Cdc.Model;
using Cdc.Schemas.Compatibility;
using Cdc.Streams.Broker;

namespace Cdc.Capture;

/// <summary>
/// A capturer's settings as the capture uses them: read-only, made once at start from the bound
/// <see cref="CaptureOptions"/> (<see cref="From"/> validates and converts), with parsed URIs and enums.
/// </summary>
public sealed record CaptureSettings
{
    private readonly BrokerEndpoint? _broker;

    /// <summary>The office this capturer reads for.</summary>
    public required string Office { get; init; }

    /// <summary>The source database; its engine picks the capture.</summary>
    public required DatabaseUri Source { get; init; }

    /// <summary>The broker; absent only in the settings of a snapshot request (<c>cdc snapshot</c>), which publishes nothing.</summary>
    public BrokerEndpoint Broker
    {
        get => _broker ?? throw new InvalidOperationException($"The settings of office {Office} were made for a snapshot request, which has no broker.");
        init => _broker = value;
    }

    /// <summary>The tables to capture as given (<c>schema.table</c> or <c>table</c>); empty captures every table.</summary>
    public IReadOnlyList<string> Tables { get; init; } = [];

    /// <summary>The change stream (<c>cdc.&lt;office&gt;</c> unless given).</summary>
    public string StreamName => string.IsNullOrEmpty(Stream) ? $"cdc.{Office}" : Stream;

    private string? Stream { get; init; }

    /// <summary>Retention set when the capturer declares the stream.</summary>
    public StreamRetention Retention { get; init; } = StreamRetention.Default;

    public int MaxRecordsPerMessage { get; init; } = 500;

    public CompatibilityMode Compatibility { get; init; } = CompatibilityMode.Backward;

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    public SnapshotMode Snapshot { get; init; } = SnapshotMode.Initial;

    public int SnapshotChunkSize { get; init; } = 10_000;

    /// <summary>What only a PostgreSQL source uses: publication, slot, whether to create them.</summary>
    public PostgresCaptureSettings Postgres => new(
        PostgresPublication ?? $"cdc_{PostgresCaptureSettings.Identifier(Office)}",
        PostgresSlot ?? $"cdc_{PostgresCaptureSettings.Identifier(Office)}",
        CreateMissing);

    private string? PostgresPublication { get; init; }

    private string? PostgresSlot { get; init; }

    private bool CreateMissing { get; init; } = true;

    /// <summary>The tables to capture, unqualified names in <paramref name="defaultSchema"/>.</summary>
    public IReadOnlyList<TableId> TableIds(string defaultSchema) => Tables.Select(t => TableId.Parse(t, defaultSchema)).ToArray();

    /// <summary>Validates the bound options (throws with what is missing or wrong, before anything connects) and converts them.</summary>
    public static CaptureSettings From(CaptureOptions options)
    {
        options.Validate();
        return new CaptureSettings
        {
            Office = options.Office,
            Source = DatabaseUri.Parse(options.Source),
            Broker = BrokerEndpoint.Parse(options.Broker),
            Tables = SplitTables(options.Tables),
            Stream = options.Stream,
            Retention = new StreamRetention(options.StreamMaxBytes, options.StreamMaxAge),
            MaxRecordsPerMessage = options.MaxRecordsPerMessage,
            Compatibility = options.Compatibility,
            MaxRetryDelay = options.MaxRetryDelay,
            Snapshot = SnapshotModes.Parse(options.SnapshotMode),
            SnapshotChunkSize = options.SnapshotChunkSize,
            PostgresPublication = string.IsNullOrEmpty(options.Publication) ? null : options.Publication,
            PostgresSlot = string.IsNullOrEmpty(options.Slot) ? null : options.Slot,
            CreateMissing = options.CreateMissing,
        };
    }

    /// <summary>The settings of a snapshot request to an office's running capturer: its office, source and tables.</summary>
    public static CaptureSettings ForSnapshotRequest(string office, DatabaseUri source, string tables) =>
        new() { Office = office, Source = source, Tables = SplitTables(tables) };

    private static string[] SplitTables(string tables) =>
        tables.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
