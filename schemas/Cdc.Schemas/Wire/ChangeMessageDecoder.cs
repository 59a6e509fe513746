using Cdc.Model;
using Cdc.Schemas.Registry;
using Cdc.Streams.Consuming;
using Cdc.Streams.Messages;

namespace Cdc.Schemas.Wire;

/// <summary>
/// Turns one stream delivery into its change records: reads the headers, resolves each schema version they name
/// (waiting for the registry up to the patience), decodes the body. Used by the applier, replay and tail alike.
/// </summary>
public static class ChangeMessageDecoder
{
    /// <exception cref="ForeignMessageException">The message is not a Cdc change message.</exception>
    /// <exception cref="InvalidDataException">The body does not match its headers.</exception>
    /// <exception cref="UnknownSchemaException">A schema version did not reach the registry in time.</exception>
    public static async Task<(ChangeMessageHeaders Headers, List<ChangeRecord> Records)> DecodeAsync(
        StreamMessage message, SchemaRegistry registry, TimeSpan patience, CancellationToken ct)
    {
        var headers = ChangeMessageHeaders.FromAmqp(message.Headers);
        var schemas = new List<RegisteredSchema>();
        foreach (var reference in headers.Schemas)
            schemas.Add(await registry.GetAsync(reference.Subject, reference.Version, patience, ct));
        return (headers, ChangeMessageReader.Read(headers, message.Body, schemas));
    }

    /// <summary>Whether <paramref name="e"/> is one of the ways a message can be undecodable.</summary>
    public static bool IsUndecodable(Exception e) =>
        e is ForeignMessageException or InvalidDataException or FormatException or UnknownSchemaException;
}
