using System.Globalization;
using System.Text;
using Cdc.Positions;

namespace Cdc.Streams.Messages;

/// <summary>
/// What a change message says about itself in AMQP headers, so that routing, filtering and resuming need not decode
/// the body: the records' source transaction, the positions of its first and last record, whether it ends the
/// transaction, and the exact schema version of each subject it holds. Stream headers cannot nest, so lists are
/// flat strings.
/// </summary>
public sealed record ChangeMessageHeaders(
    string Office,
    string TransactionId,
    SourcePosition First,
    SourcePosition Last,
    bool EndOfTransaction,
    int Count,
    string Tables,
    string Ops,
    IReadOnlyList<SchemaReference> Schemas)
{
    public const string ContentType = "application/vnd.cdc.avro-records";

    /// <summary>
    /// The server the records were captured from (e.g. <c>postgresql:7301234567890123456;timeline=1</c>): a capturer
    /// attached to another server refuses to go on in this stream. Empty in messages of versions that did not record it.
    /// </summary>
    public string SourceId { get; init; } = "";

    /// <summary>
    /// The capturer's claim that links this message to what the stream held before it: no change of the source lies
    /// strictly between this position and <see cref="First"/> (the last position of the message published just before
    /// it, or, for the first message of a capture session, the last position the stream held in order when the session
    /// began; <see cref="SourcePosition.None"/> for the first message of a stream). An applier that applied up to here
    /// may apply this message; one that did not has a message missing (see <see cref="StreamContinuity"/>). Null in
    /// messages of versions that did not record it.
    /// </summary>
    public SourcePosition? Previous { get; init; }

    private const string Format = "avro-single-object/1";

    public Dictionary<string, object?> ToAmqp()
    {
        var headers = Required();
        if (Previous is { } previous)
            headers["cdc-previous-position"] = previous.ToString();
        return headers;
    }

    private Dictionary<string, object?> Required() => new()
    {
        ["cdc-format"] = Format,
        ["cdc-office"] = Office,
        ["cdc-tx"] = TransactionId,
        ["cdc-first-position"] = First.ToString(),
        ["cdc-last-position"] = Last.ToString(),
        ["cdc-tx-end"] = EndOfTransaction,
        ["cdc-count"] = Count,
        ["cdc-tables"] = Tables,
        ["cdc-ops"] = Ops,
        // Newline-separated: subject names come from table names, which may hold commas.
        ["cdc-schemas"] = string.Join('\n', Schemas),
        ["cdc-source-id"] = SourceId,
    };

    /// <summary>Reads the headers of a delivery, or explains why it is not a Cdc change message.</summary>
    public static ChangeMessageHeaders FromAmqp(IDictionary<string, object?>? headers)
    {
        if (headers is null || !headers.TryGetValue("cdc-format", out var format))
            throw new ForeignMessageException("it has no cdc-format header");
        if (Text(format) != Format)
            throw new ForeignMessageException($"its format '{Text(format)}' is not {Format}");
        try
        {
            var count = Convert.ToInt32(headers["cdc-count"], CultureInfo.InvariantCulture);
            if (count < 0)
                throw new FormatException($"cdc-count {count} is negative");
            return new ChangeMessageHeaders(
                Text(headers["cdc-office"]),
                Text(headers["cdc-tx"]),
                SourcePosition.Parse(Text(headers["cdc-first-position"])),
                SourcePosition.Parse(Text(headers["cdc-last-position"])),
                Convert.ToBoolean(headers["cdc-tx-end"], CultureInfo.InvariantCulture),
                count,
                Text(headers["cdc-tables"]),
                Text(headers["cdc-ops"]),
                Text(headers["cdc-schemas"]).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(SchemaReference.Parse).ToArray())
            {
                SourceId = headers.TryGetValue("cdc-source-id", out var source) ? Text(source) : "",
                Previous = headers.TryGetValue("cdc-previous-position", out var previous) && Text(previous) is { Length: > 0 } text
                    ? SourcePosition.Parse(text)
                    : null,
            };
        }
        catch (Exception e) when (e is KeyNotFoundException or FormatException or InvalidCastException or OverflowException)
        {
            throw new ForeignMessageException($"its headers are incomplete or malformed ({e.Message})");
        }
    }

    internal static string Text(object? value) => value switch
    {
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        null => "",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
