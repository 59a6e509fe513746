using Cdc.Appliers.Pipeline;
using Cdc.Connections;
using Cdc.Streams.Broker;

namespace Cdc.Appliers;

/// <summary>
/// An applier's settings as the apply sessions use them: read-only, made once at start from the bound
/// <see cref="ApplyOptions"/> (<see cref="From"/> validates and converts), with parsed URIs and each stream's allow-list.
/// </summary>
public sealed record ApplySettings
{
    /// <summary>The applier's name: its rows in the target's offset table are keyed by it.</summary>
    public required string Name { get; init; }

    /// <summary>The streams to consume, each applied in its own order.</summary>
    public required IReadOnlyList<string> Streams { get; init; }

    public required DatabaseUri Target { get; init; }

    public required BrokerEndpoint Broker { get; init; }

    public required ushort Prefetch { get; init; }

    public required int MaxRecordsPerTransaction { get; init; }

    /// <summary>What the consumer holds at most, in bytes, before it stops acknowledging deliveries.</summary>
    public required long MaxBufferBytes { get; init; }

    /// <summary>A source transaction's held part is written once it reaches this size, inside one target transaction.</summary>
    public required long PieceBytes { get; init; }

    public TimeSpan SchemaPatience { get; init; } = TimeSpan.FromSeconds(30);

    public DroppedColumnPolicy DroppedColumns { get; init; } = DroppedColumnPolicy.Keep;

    public TruncatePolicy Truncate { get; init; } = TruncatePolicy.Auto;

    public BadMessagePolicy OnBadMessage { get; init; } = BadMessagePolicy.Stop;

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The tables each stream may write.</summary>
    public required IReadOnlyDictionary<string, TableAllowList> AllowLists { get; init; }

    /// <summary>Validates the bound options (throws with what is missing or wrong, before anything connects) and converts them.</summary>
    public static ApplySettings From(ApplyOptions options)
    {
        options.Validate();
        return new ApplySettings
        {
            Name = options.Name,
            Streams = options.StreamNames,
            Target = DatabaseUri.Parse(options.Target),
            Broker = BrokerEndpoint.Parse(options.Broker),
            Prefetch = options.Prefetch,
            MaxRecordsPerTransaction = options.MaxRecordsPerTransaction,
            MaxBufferBytes = options.MaxBufferBytes,
            PieceBytes = options.PieceBytes,
            SchemaPatience = options.SchemaPatience,
            DroppedColumns = options.DroppedColumns,
            Truncate = options.Truncate,
            OnBadMessage = options.OnBadMessage,
            MaxRetryDelay = options.MaxRetryDelay,
            AllowLists = options.StreamNames.ToDictionary(s => s, options.AllowListFor, StringComparer.Ordinal),
        };
    }
}
