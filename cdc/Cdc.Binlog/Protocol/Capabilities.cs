namespace Cdc.Binlog.Protocol;

/// <summary>Capability flags of the handshake (https://dev.mysql.com/doc/dev/mysql-server/latest/group__group__cs__capabilities__flags.html).</summary>
[Flags]
internal enum Capabilities : uint
{
    None = 0,
    /// <summary>Set by MySQL servers; MariaDB clears it to announce its extended capabilities.</summary>
    LongPassword = 1,
    FoundRows = 1 << 1,
    LongFlag = 1 << 2,
    ConnectWithDatabase = 1 << 3,
    Protocol41 = 1 << 9,
    Ssl = 1 << 11,
    Transactions = 1 << 13,
    SecureConnection = 1 << 15,
    MultiStatements = 1 << 16,
    MultiResults = 1 << 17,
    PluginAuth = 1 << 19,
    ConnectAttributes = 1 << 20,
    PluginAuthLengthEncodedData = 1 << 21,
    DeprecateEof = 1 << 24,
}
