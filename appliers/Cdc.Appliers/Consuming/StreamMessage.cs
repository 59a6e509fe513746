namespace Cdc.Appliers.Consuming;

/// <summary>One delivery from a stream, copied out of the client's buffer.</summary>
public sealed record StreamMessage(string Stream, long Offset, IDictionary<string, object?>? Headers, ReadOnlyMemory<byte> Body);
