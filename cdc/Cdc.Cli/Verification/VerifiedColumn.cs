namespace Cdc.Cli.Verification;

/// <summary>A column of a verified table: its name and its information_schema data type (lower case).</summary>
internal sealed record VerifiedColumn(string Name, string Type);
