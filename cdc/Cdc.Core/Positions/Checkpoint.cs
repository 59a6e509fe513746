namespace Cdc.Positions;

/// <summary>
/// What an applier stores to resume one stream: the offset of the last message it applied whole, and the source
/// position of the last record it applied. Stored in the same target transaction as the changes it covers.
/// </summary>
public readonly record struct Checkpoint(string Applier, string Stream, StreamOffset Offset, SourcePosition Position)
{
    public static Checkpoint Start(string applier, string stream) =>
        new(applier, stream, StreamOffset.BeforeFirst, SourcePosition.None);
}
