using System.Globalization;

namespace Cdc.Streams.Messages;

/// <summary>
/// What an applier adds to the headers of a message it parks in <c>cdc.&lt;office&gt;.dead</c> (the copy keeps the
/// original's body and headers): the stream and offset it came from, why it could not be applied, the broker user that
/// published it and the applier that parked it.
/// </summary>
public sealed record ParkedMessage(string Stream, long Offset, string Reason, string PublishedBy, string Applier)
{
    private const string StreamHeader = "cdc-parked-stream";
    private const string OffsetHeader = "cdc-parked-offset";
    private const string ReasonHeader = "cdc-parked-reason";
    private const string PublishedByHeader = "cdc-parked-published-by";
    private const string ApplierHeader = "cdc-parked-by";

    /// <summary>The original's headers (less the broker's own <c>x-</c> ones) with these added.</summary>
    public Dictionary<string, object?> AddTo(IDictionary<string, object?>? original)
    {
        var headers = (original ?? new Dictionary<string, object?>())
            .Where(h => !h.Key.StartsWith("x-", StringComparison.Ordinal))
            .ToDictionary(h => h.Key, h => h.Value, StringComparer.Ordinal);
        headers[StreamHeader] = Stream;
        headers[OffsetHeader] = Offset;
        headers[ReasonHeader] = Reason;
        headers[PublishedByHeader] = PublishedBy;
        headers[ApplierHeader] = Applier;
        return headers;
    }

    /// <summary>What a parked copy says about its original, or null for a message that is not a parked copy.</summary>
    public static ParkedMessage? FromAmqp(IDictionary<string, object?>? headers)
    {
        if (headers is null || !headers.TryGetValue(ReasonHeader, out var reason))
            return null;
        string Text(string name) => headers.TryGetValue(name, out var value) ? ChangeMessageHeaders.Text(value) : "";
        return new ParkedMessage(
            Text(StreamHeader),
            long.TryParse(Text(OffsetHeader), NumberStyles.Integer, CultureInfo.InvariantCulture, out var offset) ? offset : -1,
            ChangeMessageHeaders.Text(reason),
            Text(PublishedByHeader),
            Text(ApplierHeader));
    }
}
