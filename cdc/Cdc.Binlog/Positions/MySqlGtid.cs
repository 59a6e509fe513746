using System.Globalization;

namespace Cdc.Binlog;

/// <summary>A MySQL global transaction id, <c>source_uuid:transaction_number</c> (https://dev.mysql.com/doc/refman/8.0/en/replication-gtids-concepts.html).</summary>
/// <param name="SourceId">The server_uuid of the server that first committed the transaction.</param>
/// <param name="TransactionNumber">The transaction's number on that server, starting at 1.</param>
public readonly record struct MySqlGtid(Guid SourceId, long TransactionNumber)
{
    /// <summary>Parses <c>uuid:number</c>.</summary>
    /// <exception cref="FormatException">The text is not a uuid, a colon and a positive integer.</exception>
    public static MySqlGtid Parse(string text)
    {
        var colon = text?.LastIndexOf(':') ?? -1;
        if (colon > 0 && Guid.TryParse(text.AsSpan(0, colon), out var source)
            && long.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0)
            return new MySqlGtid(source, number);
        throw new FormatException($"'{text}' is not a MySQL GTID; expected uuid:number, e.g. 3e11fa47-71ca-11e1-9e33-c80aa9429562:23.");
    }

    /// <summary>Formats as <c>uuid:number</c> with the uuid in lower case.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{SourceId:D}:{TransactionNumber}");
}
