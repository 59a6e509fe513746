namespace Cdc.Model;

/// <summary>The tables Cdc keeps in the databases it works with: never captured, never verified.</summary>
public static class OwnTables
{
    /// <summary>On a target: each applier's checkpoint, written in the same transaction as the changes it covers.</summary>
    public const string Offsets = "cdc_offsets";

    /// <summary>On a target: which streams wrote each table (the applier's truncate policy reads it).</summary>
    public const string TableFeeds = "cdc_table_feeds";

    /// <summary>On a target: the streams whose apply halted (offset, reason, when), which <c>cdc status</c> lists.</summary>
    public const string Halts = "cdc_halts";

    /// <summary>On a source: snapshot progress, requests and watermarks of the capturers.</summary>
    public const string Snapshot = "cdc_snapshot";
}
