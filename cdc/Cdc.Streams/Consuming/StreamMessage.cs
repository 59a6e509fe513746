namespace Cdc.Streams.Consuming;

/// <summary>One delivery from a stream, copied out of the client's buffer, with the time it was published (whole seconds).</summary>
public sealed record StreamMessage(string Stream, long Offset, IDictionary<string, object?>? Headers, ReadOnlyMemory<byte> Body, DateTimeOffset? Published = null);
