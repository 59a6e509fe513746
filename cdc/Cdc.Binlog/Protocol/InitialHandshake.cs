namespace Cdc.Binlog.Protocol;

/// <summary>
/// The server's first packet, Protocol::HandshakeV10
/// (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_v10.html).
/// </summary>
internal sealed record InitialHandshake(
    string ServerVersion,
    uint ConnectionId,
    byte[] Nonce,
    Capabilities Capabilities,
    byte CharacterSet,
    string AuthPluginName)
{
    /// <summary>MariaDB prefixes its version with "5.5.5-" for old clients, and otherwise names itself.</summary>
    public bool IsMariaDb => ServerVersion.Contains("MariaDB", StringComparison.OrdinalIgnoreCase);

    public static InitialHandshake Parse(byte[] payload)
    {
        var reader = new PacketReader(payload);
        var protocol = reader.ReadByte();
        if (protocol == 0xFF)
            throw ServerErrors.FromErrorPacket(payload, "connecting");
        if (protocol != 10)
            throw new BinlogProtocolException(
                $"The server sent handshake protocol version {protocol}; only version 10 (MySQL 4.1+, MariaDB) is supported. Check that the port is a MySQL/MariaDB port.");
        var version = reader.ReadNullTerminatedString();
        var connectionId = reader.ReadUInt32();
        var part1 = reader.ReadBytes(8);
        reader.Skip(1);
        var capabilities = (Capabilities)reader.ReadUInt16();
        if (reader.IsAtEnd)
            return new InitialHandshake(version, connectionId, part1, capabilities, 0, "mysql_native_password");
        var charset = reader.ReadByte();
        reader.Skip(2); // status flags
        capabilities |= (Capabilities)((uint)reader.ReadUInt16() << 16);
        var authDataLength = reader.ReadByte();
        reader.Skip(10); // reserved (MariaDB: its extended capabilities in the last four bytes)
        var nonce = part1;
        if (capabilities.HasFlag(Capabilities.SecureConnection))
        {
            var part2Length = Math.Max(13, authDataLength - 8);
            var part2 = reader.ReadBytes(Math.Min(part2Length, reader.Remaining));
            // The second part ends with a NUL that is not part of the 20-byte nonce.
            var used = part2.Length > 0 && part2[^1] == 0 ? part2.Length - 1 : part2.Length;
            nonce = [.. part1, .. part2.AsSpan(0, used)];
        }
        var plugin = capabilities.HasFlag(Capabilities.PluginAuth) && !reader.IsAtEnd
            ? reader.ReadRestAsString()
            : "mysql_native_password";
        return new InitialHandshake(version, connectionId, nonce, capabilities, charset, plugin);
    }
}
