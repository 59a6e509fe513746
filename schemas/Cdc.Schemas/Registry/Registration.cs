using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Cdc.Streams.Messages;

namespace Cdc.Schemas.Registry;

/// <summary>One message of the registry stream: a subject's new version, readable by anyone with a JSON parser.</summary>
internal sealed record Registration(
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("fingerprint")] string Fingerprint,
    [property: JsonPropertyName("schema")] string Schema,
    [property: JsonPropertyName("registered_at")] DateTimeOffset RegisteredAt)
{
    public static Registration From(RegisteredSchema schema) => new(
        schema.Subject,
        schema.Version,
        schema.Fingerprint.ToString("X16", CultureInfo.InvariantCulture),
        schema.Json,
        schema.RegisteredAt);

    /// <summary>The registered schema, attributed to the broker user that published the entry.</summary>
    /// <exception cref="InvalidDataException">A property is missing, or the entry contradicts itself.</exception>
    public RegisteredSchema ToSchema(string publisher)
    {
        if (Subject is null || Schema is null || Fingerprint is null)
            throw new InvalidDataException("A registration without subject, schema or fingerprint.");
        var schema = new RegisteredSchema(Subject, Version, Schema, RegisteredAt, publisher);
        if (schema.Fingerprint.ToString("X16", CultureInfo.InvariantCulture) != Fingerprint)
            throw new InvalidDataException(
                $"Registration {new SchemaReference(Subject, Version)} says fingerprint {Fingerprint}, its schema has {schema.Fingerprint:X16}.");
        return schema;
    }

    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this);

    public static Registration FromBytes(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<Registration>(json) ?? throw new InvalidDataException("An empty registration.");
}
