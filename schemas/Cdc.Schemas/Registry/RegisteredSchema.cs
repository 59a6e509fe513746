using Avro;
using Cdc.Model;
using Cdc.Schemas.Mapping;
using Cdc.Streams.Messages;

namespace Cdc.Schemas.Registry;

/// <summary>One version of one subject: the exact schema a record was written with.</summary>
public sealed class RegisteredSchema
{
    public RegisteredSchema(string subject, int version, string json, DateTimeOffset registeredAt)
    {
        Subject = subject;
        Version = version;
        Json = json;
        RegisteredAt = registeredAt;
        Fingerprint = (ulong)SchemaNormalization.ParsingFingerprint64(Schema.Parse(json));
        (Office, Table) = EnvelopeSchema.Parse(json);
    }

    /// <summary>Builds the schema a capturer is about to register (its version is decided by the registry).</summary>
    public static RegisteredSchema For(string office, TableDefinition table, int version) =>
        new(EnvelopeSchema.Subject(office, table.Id), version, EnvelopeSchema.ToJson(office, table), DateTimeOffset.UtcNow);

    public string Subject { get; }

    public int Version { get; }

    public string Json { get; }

    /// <summary>CRC-64-AVRO of the parsing canonical form, as in single-object encoding.</summary>
    public ulong Fingerprint { get; }

    public string Office { get; }

    public TableDefinition Table { get; }

    public DateTimeOffset RegisteredAt { get; }

    /// <summary>How a message header names this schema: <c>subject@version</c>.</summary>
    public SchemaReference Reference => new(Subject, Version);

    public override string ToString() => Reference.ToString();
}
