namespace Cdc.Binlog.Protocol;

/// <summary>
/// Turns an ERR packet (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_err_packet.html)
/// into a <see cref="BinlogServerException"/> whose message says what was being done, the likely cause and the fix.
/// </summary>
internal static class ServerErrors
{
    public const int AccessDenied = 1045;
    public const int HostNotAllowed = 1130;
    public const int SpecificAccessDenied = 1227;
    public const int UnknownDatabase = 1049;
    public const int FatalErrorReadingBinlog = 1236;

    private const string GrantAdvice =
        "Grant the account the replication privileges: GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO the user (MariaDB 10.5+: also BINLOG MONITOR).";

    public static bool IsError(byte[] payload) => payload.Length > 0 && payload[0] == 0xFF;

    /// <param name="payload">The packet, starting with 0xFF.</param>
    /// <param name="doing">What the client was doing, with identifiers, e.g. "authenticating 'cdc'@127.0.0.1:3306".</param>
    public static BinlogServerException FromErrorPacket(byte[] payload, string doing)
    {
        var reader = new PacketReader(payload);
        reader.Skip(1);
        var code = reader.ReadUInt16();
        var state = "HY000";
        if (!reader.IsAtEnd && reader.PeekByte() == (byte)'#')
        {
            reader.Skip(1);
            state = reader.ReadString(Math.Min(5, reader.Remaining));
        }
        var serverMessage = reader.ReadString(reader.Remaining);
        return new BinlogServerException(code, state, serverMessage,
            $"Server error {code} ({state}) while {doing}: {serverMessage.TrimEnd('.')}. {Advice(code, serverMessage, doing)}".TrimEnd());
    }

    private static string Advice(int code, string serverMessage, string doing) => code switch
    {
        // MariaDB answers COM_REGISTER_SLAVE without the privilege with 1045 too: after login it is about grants.
        AccessDenied when !doing.StartsWith("authenticating", StringComparison.Ordinal) => GrantAdvice,
        AccessDenied =>
            "Check the password, and that the account exists for the host the client connects from (SELECT user, host FROM mysql.user; CREATE USER / ALTER USER ... IDENTIFIED BY).",
        HostNotAllowed =>
            "The account has no entry for this client host: CREATE USER 'name'@'%' (or the client's address) and grant it REPLICATION SLAVE, REPLICATION CLIENT.",
        SpecificAccessDenied or 1142 or 1044 => GrantAdvice,
        UnknownDatabase => "Create the database or connect without one (leave BinlogClientOptions.Database empty).",
        FatalErrorReadingBinlog when serverMessage.Contains("same server", StringComparison.OrdinalIgnoreCase) =>
            "Another replica uses the same server id: give this client a unique BinlogClientOptions.ServerId.",
        FatalErrorReadingBinlog =>
            "The requested binlog file, position or GTID is not available on the server (purged, mistyped, or from another server). Compare with SHOW BINARY LOGS; if it was purged, take a new snapshot and start from the current position.",
        _ => "",
    };
}
