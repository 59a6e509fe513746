namespace Cdc.Cli.Verification;

/// <summary>A key range whose rows differ: its bounds (from inclusive, to exclusive; null where open) and each side's row count in it.</summary>
internal sealed record DifferingRange((object?[]? From, object?[]? To) Bounds, long SourceRows, long TargetRows)
{
    public string From => Bounds.From is { } from ? RowDigest.KeyText(from) : "(first)";

    public string To => Bounds.To is { } to ? RowDigest.KeyText(to) : "(last)";
}
