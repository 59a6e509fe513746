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

    public RegisteredSchema ToSchema()
    {
        var schema = new RegisteredSchema(Subject, Version, Schema, RegisteredAt);
        if (schema.Fingerprint.ToString("X16", CultureInfo.InvariantCulture) != Fingerprint)
            throw new InvalidDataException(
                $"Registration {new SchemaReference(Subject, Version)} says fingerprint {Fingerprint}, its schema has {schema.Fingerprint:X16}.");
        return schema;
    }

    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this);

    public static Registration FromBytes(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<Registration>(json) ?? throw new InvalidDataException("An empty registration.");
}
