using Cdc.Model;
using Cdc.Schemas.AvroBinary;
using Cdc.Schemas.Envelope;
using Cdc.Schemas.Registry;
using Cdc.Streams.Messages;

namespace Cdc.Schemas.Wire;

/// <summary>Decodes the records of one change message with the schema versions its header names.</summary>
public static class ChangeMessageReader
{
    /// <param name="headers">The message's headers.</param>
    /// <param name="body">The message body.</param>
    /// <param name="schemas">The registered schemas the header names (resolved by the caller, who may wait for the registry).</param>
    public static List<ChangeRecord> Read(ChangeMessageHeaders headers, ReadOnlyMemory<byte> body, IReadOnlyList<RegisteredSchema> schemas)
    {
        var byFingerprint = new Dictionary<ulong, RegisteredSchema>();
        foreach (var schema in schemas)
            byFingerprint[schema.Fingerprint] = schema;
        var reader = new AvroReader(body);
        // The header's count is checked against the records read, never trusted for an allocation: every record takes at least its single-object header.
        var records = new List<ChangeRecord>(Math.Min(headers.Count, body.Length / SingleObjectHeader.Length));
        while (!reader.AtEnd)
        {
            var fingerprint = EnvelopeDecoder.PeekFingerprint(reader, body.Span);
            if (!byFingerprint.TryGetValue(fingerprint, out var schema))
                throw new InvalidDataException(
                    $"Record {records.Count} has fingerprint {fingerprint:X16}, which none of the message's schemas ({string.Join(", ", schemas)}) has.");
            records.Add(EnvelopeDecoder.Decode(reader, schema));
        }
        if (records.Count != headers.Count)
            throw new InvalidDataException($"The message holds {records.Count} records; its header says {headers.Count}.");
        return records;
    }
}
