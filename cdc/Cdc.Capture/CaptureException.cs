namespace Cdc.Capture;

/// <summary>
/// A capture cannot start or go on for a reason the operator must fix (a setting, a permission, a missing object).
/// The message says what failed, why, and what to do; <see cref="Retryable"/> tells the host whether to try again.
/// </summary>
public sealed class CaptureException(string message, bool retryable = false, Exception? inner = null) : Exception(message, inner)
{
    public bool Retryable { get; } = retryable;
}
