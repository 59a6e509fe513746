namespace Cdc.Cli.Verification;

/// <summary>A row as verify compares it: its key values (to range them), its key as text (to name it) and the digest of its other columns.</summary>
internal sealed record VerifiedRow(object?[] Key, string KeyText, ulong Digest);
