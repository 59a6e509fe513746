using Avro;
using Cdc.Model;
using Cdc.Schemas.Mapping;
using Cdc.Streams.Messages;

namespace Cdc.Schemas.Registry;

/// <summary>One version of one subject: the exact schema a record was written with.</summary>
public sealed class RegisteredSchema
{
    /// <exception cref="InvalidDataException">The subject is not the one the schema's office and table make, or the version is below 1.</exception>
    public RegisteredSchema(string subject, int version, string json, DateTimeOffset registeredAt, string publisher = "")
    {
        Subject = subject;
        Version = version;
        Json = json;
        RegisteredAt = registeredAt;
        Publisher = publisher;
        Fingerprint = (ulong)SchemaNormalization.ParsingFingerprint64(Schema.Parse(json));
        (Office, Table) = EnvelopeSchema.Parse(json);
        if (version < 1)
            throw new InvalidDataException($"Registration {subject}@{version}: versions start at 1.");
        if (EnvelopeSchema.Subject(Office, Table.Id) != subject)
            throw new InvalidDataException(
                $"Registration {subject}@{version} describes table {Table.Id} of office {Office}, whose subject is {EnvelopeSchema.Subject(Office, Table.Id)}.");
    }

    /// <summary>Builds the schema a capturer is about to register (its version is decided by the registry).</summary>
    public static RegisteredSchema For(string office, TableDefinition table, int version, string publisher = "") =>
        new(EnvelopeSchema.Subject(office, table.Id), version, EnvelopeSchema.ToJson(office, table), DateTimeOffset.UtcNow, publisher);

    public string Subject { get; }

    public int Version { get; }

    public string Json { get; }

    /// <summary>CRC-64-AVRO of the parsing canonical form, as in single-object encoding.</summary>
    public ulong Fingerprint { get; }

    public string Office { get; }

    public TableDefinition Table { get; }

    public DateTimeOffset RegisteredAt { get; }

    /// <summary>The broker user that registered it (the registry entry's <c>user-id</c>, checked by the broker).</summary>
    public string Publisher { get; }

    /// <summary>How a message header names this schema: <c>subject@version</c>.</summary>
    public SchemaReference Reference => new(Subject, Version);

    public override string ToString() => Reference.ToString();
}
