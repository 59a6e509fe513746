namespace Cdc.Binlog;

/// <summary>
/// The server's bytes could not be understood or the stream cannot continue: a malformed packet, a checksum
/// mismatch, an unsupported authentication method or event encoding. The message names what was read and the fix.
/// </summary>
public sealed class BinlogProtocolException : Exception
{
    /// <summary>Creates the exception with a message that says what failed and what to do.</summary>
    public BinlogProtocolException(string message) : base(message) { }

    /// <summary>Creates the exception wrapping the underlying cause.</summary>
    public BinlogProtocolException(string message, Exception innerException) : base(message, innerException) { }
}
