namespace Cdc.Binlog;

/// <summary>
/// The connection does not meet the TLS the options ask for: the server offers no TLS, its certificate fails the
/// check, or it asks for the password in clear over TLS that was not verified. Retrying does not help; the message
/// says which setting of the server or of the client to change.
/// </summary>
public sealed class BinlogSecurityException : Exception
{
    /// <summary>Creates the exception with a message that says what failed and what to do.</summary>
    public BinlogSecurityException(string message) : base(message) { }

    /// <summary>Creates the exception wrapping the underlying cause.</summary>
    public BinlogSecurityException(string message, Exception innerException) : base(message, innerException) { }
}
