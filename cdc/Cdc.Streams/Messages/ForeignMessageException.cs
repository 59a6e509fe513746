namespace Cdc.Streams.Messages;

/// <summary>A message in a change stream that Cdc did not write, or that is damaged: never guessed at.</summary>
public sealed class ForeignMessageException(string reason) : Exception($"not a Cdc change message: {reason}")
{
    public string Reason { get; } = reason;
}
