namespace Cdc.Binlog;

/// <summary>
/// The server answered with an error packet
/// (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_err_packet.html).
/// <see cref="ErrorCode"/> and <see cref="SqlState"/> are the server's own values; the message adds the likely cause
/// and the fix where the code is a known one.
/// </summary>
public sealed class BinlogServerException : Exception
{
    /// <summary>Creates the exception from the values of an error packet.</summary>
    public BinlogServerException(int errorCode, string sqlState, string serverMessage, string message)
        : base(message)
    {
        ErrorCode = errorCode;
        SqlState = sqlState;
        ServerMessage = serverMessage;
    }

    /// <summary>The server error number, e.g. 1045 (access denied) or 1236 (binlog read error).</summary>
    public int ErrorCode { get; }

    /// <summary>The five-character SQL state, e.g. "28000"; "HY000" when the server sent none.</summary>
    public string SqlState { get; }

    /// <summary>The message text exactly as the server sent it.</summary>
    public string ServerMessage { get; }
}
