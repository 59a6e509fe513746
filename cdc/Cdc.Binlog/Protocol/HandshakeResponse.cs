namespace Cdc.Binlog.Protocol;

/// <summary>
/// Builds Protocol::SSLRequest and Protocol::HandshakeResponse41
/// (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_response.html).
/// </summary>
internal static class HandshakeResponse
{
    /// <summary>utf8mb4_general_ci: the connection character set for queries and result texts.</summary>
    public const byte Utf8Mb4GeneralCi = 45;

    private const uint MaxPacketSize = 1 << 24;

    public static Capabilities ClientCapabilities(InitialHandshake server, bool useTls, bool withDatabase)
    {
        var wanted = Capabilities.LongPassword | Capabilities.FoundRows | Capabilities.LongFlag | Capabilities.Protocol41
            | Capabilities.Transactions | Capabilities.SecureConnection | Capabilities.MultiResults
            | Capabilities.PluginAuth | Capabilities.PluginAuthLengthEncodedData;
        if (useTls)
            wanted |= Capabilities.Ssl;
        if (withDatabase)
            wanted |= Capabilities.ConnectWithDatabase;
        // Only what the server offers (MariaDB clears LongPassword to signal its extensions, so it drops out here too).
        return wanted & server.Capabilities;
    }

    public static byte[] BuildSslRequest(Capabilities capabilities) =>
        new PacketWriter()
            .WriteUInt32((uint)capabilities)
            .WriteUInt32(MaxPacketSize)
            .WriteByte(Utf8Mb4GeneralCi)
            .WriteZeros(23)
            .ToArray();

    public static byte[] Build(Capabilities capabilities, string user, byte[] authResponse, string? database, string authPlugin)
    {
        var writer = new PacketWriter()
            .WriteUInt32((uint)capabilities)
            .WriteUInt32(MaxPacketSize)
            .WriteByte(Utf8Mb4GeneralCi)
            .WriteZeros(23)
            .WriteNullTerminatedString(user);
        if (capabilities.HasFlag(Capabilities.PluginAuthLengthEncodedData))
            writer.WriteLengthEncodedBytes(authResponse);
        else
            writer.WriteByte((byte)authResponse.Length).WriteBytes(authResponse);
        if (capabilities.HasFlag(Capabilities.ConnectWithDatabase))
            writer.WriteNullTerminatedString(database ?? "");
        if (capabilities.HasFlag(Capabilities.PluginAuth))
            writer.WriteNullTerminatedString(authPlugin);
        return writer.ToArray();
    }
}
