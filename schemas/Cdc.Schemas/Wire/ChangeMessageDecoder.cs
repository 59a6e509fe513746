using System.Globalization;
using Cdc.Model;
using Cdc.Streams.Broker;
using Cdc.Schemas.Registry;
using Cdc.Streams.Consuming;
using Cdc.Streams.Messages;

namespace Cdc.Schemas.Wire;

/// <summary>
/// Turns one stream delivery into its change records: reads the headers, resolves each schema version they name
/// (waiting for the registry up to the patience), decodes the body. Used by the applier, replay and tail alike.
/// A record of stream <c>cdc.&lt;office&gt;</c> must name a subject of that office, registered by the broker user that
/// published the record (both messages carry a broker-checked <c>user-id</c>).
/// </summary>
public static class ChangeMessageDecoder
{
    /// <exception cref="ForeignMessageException">The message is not a Cdc change message.</exception>
    /// <exception cref="InvalidDataException">The body does not match its headers.</exception>
    /// <exception cref="UnknownSchemaException">A schema version did not reach the registry in time.</exception>
    /// <exception cref="ForbiddenRecordException">The message is not the office's own (see above).</exception>
    public static async Task<(ChangeMessageHeaders Headers, List<ChangeRecord> Records)> DecodeAsync(
        StreamMessage message, SchemaRegistry registry, TimeSpan patience, CancellationToken ct)
    {
        var headers = ChangeMessageHeaders.FromAmqp(message.Headers);
        var office = StreamNames.Office(message.Stream);
        if (string.IsNullOrEmpty(message.PublishedBy))
            throw new ForbiddenRecordException("it carries no user-id property, so nothing says whose credentials published it");
        var schemas = new List<RegisteredSchema>();
        foreach (var reference in headers.Schemas)
        {
            var subject = reference.Subject;
            if (office is null || !subject.StartsWith(office + ".", StringComparison.Ordinal))
                throw new ForbiddenRecordException($"it names subject {subject}, which is not a subject of office {office} (stream {message.Stream})");
            var schema = await registry.GetAsync(subject, reference.Version, message.PublishedBy, patience, ct);
            if (schema.Office != office)
                throw new ForbiddenRecordException($"its schema {schema.Reference} describes a table of office {schema.Office}, not of office {office} (stream {message.Stream})");
            schemas.Add(schema);
        }
        return (headers, ChangeMessageReader.Read(headers, message.Body, schemas));
    }

    /// <summary>Whether <paramref name="e"/> is one of the ways a message can be undecodable or not allowed (a bad message).</summary>
    public static bool IsUndecodable(Exception e) =>
        e is ForeignMessageException or InvalidDataException or FormatException or UnknownSchemaException or ForbiddenRecordException;
}
