namespace Cdc.Cli.Verification;

/// <summary>A database returned two keys out of <see cref="KeyOrder"/>: its order for this key type is not the one verify ranges by.</summary>
internal sealed class KeyOrderException(object?[] before, object?[] after)
    : Exception($"key ({RowDigest.KeyText(before)}) came before key ({RowDigest.KeyText(after)})");
