namespace Cdc.Streams.Consuming;

/// <summary>
/// A stream cannot be read as asked: it does not exist, it is empty, an offset is outside what it holds, or its last
/// message is not Cdc's. The message names the stream and offset and says what to do; trying again does not help.
/// </summary>
public sealed class StreamException(string message, Exception? inner = null) : Exception(message, inner);
