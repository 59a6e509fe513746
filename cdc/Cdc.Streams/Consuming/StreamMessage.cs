namespace Cdc.Streams.Consuming;

/// <summary>
/// One delivery from a stream, copied out of the client's buffer, with the time it was published (whole seconds) and
/// the broker user that published it (its <c>user-id</c> property, which the broker checked; null when it was not set).
/// </summary>
public sealed record StreamMessage(string Stream, long Offset, IDictionary<string, object?>? Headers, ReadOnlyMemory<byte> Body, DateTimeOffset? Published = null,
    string? PublishedBy = null);
