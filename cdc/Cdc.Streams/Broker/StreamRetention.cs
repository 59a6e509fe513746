namespace Cdc.Streams.Broker;

/// <summary>How much of a stream the broker keeps: by size (<c>x-max-length-bytes</c>) and age (<c>x-max-age</c>, e.g. <c>7D</c>); null keeps everything.</summary>
public sealed record StreamRetention(long? MaxBytes, string? MaxAge)
{
    /// <summary>The default for change streams: 20 GB or 7 days, whichever comes first.</summary>
    public static readonly StreamRetention Default = new(20_000_000_000, "7D");

    /// <summary>Keep forever: the schema registry (streams have no compaction).</summary>
    public static readonly StreamRetention Forever = new(null, null);
}
