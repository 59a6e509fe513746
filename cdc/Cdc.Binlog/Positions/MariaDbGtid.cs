using System.Globalization;

namespace Cdc.Binlog;

/// <summary>
/// A MariaDB global transaction id, <c>domain-server-sequence</c> (https://mariadb.com/kb/en/gtid/).
/// Sequences are ordered within a replication domain only.
/// </summary>
/// <param name="DomainId">Replication domain (gtid_domain_id).</param>
/// <param name="ServerId">Server that first wrote the transaction.</param>
/// <param name="Sequence">Sequence number within the domain.</param>
public readonly record struct MariaDbGtid(uint DomainId, uint ServerId, ulong Sequence)
{
    /// <summary>Parses <c>domain-server-sequence</c>, e.g. <c>0-1-42</c>.</summary>
    /// <exception cref="FormatException">The text is not three dash-separated unsigned integers.</exception>
    public static MariaDbGtid Parse(string text)
    {
        var parts = text?.Trim().Split('-') ?? [];
        if (parts.Length == 3
            && uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var domain)
            && uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var server)
            && ulong.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            return new MariaDbGtid(domain, server, sequence);
        throw new FormatException($"'{text}' is not a MariaDB GTID; expected domain-server-sequence, e.g. 0-1-42.");
    }

    /// <summary>Formats as <c>domain-server-sequence</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{DomainId}-{ServerId}-{Sequence}");
}
