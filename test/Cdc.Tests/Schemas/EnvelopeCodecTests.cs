using Avro;
using Avro.Generic;
using Avro.IO;
using Cdc.Model;
using Cdc.Schemas.AvroBinary;
using Cdc.Schemas.Envelope;
using Cdc.Schemas.Mapping;
using Cdc.Schemas.Registry;

namespace Cdc.Tests.Schemas;

public sealed class EnvelopeCodecTests
{
    private static readonly RegisteredSchema Schema = RegisteredSchema.For("head", SampleTables.AllKinds, 1);

    [Fact]
    public void Every_kind_survives_encode_then_decode_with_unavailable_columns_and_nulls()
    {
        var after = new RowImage(SampleTables.Values(7), Enumerable.Range(0, 21).Select(i => i == 16).ToArray());
        var before = new RowImage(new object?[21] { 7L, null, null, null, null, null, "NaN", "-Infinity", null, null, null, null, null, long.MinValue, null, null, null, null, null, null, null });
        var record = SampleTables.Record(Operation.Update, before, after, index: 3);

        var decoded = RoundTrip(record);

        decoded.Op.Should().Be(Operation.Update);
        decoded.After!.Values.Should().BeEquivalentTo(after.Values.Select((v, i) => i == 16 ? null : v), o => o.WithStrictOrdering());
        decoded.After.IsAvailable(16).Should().BeFalse("an unavailable column stays unavailable, not NULL");
        decoded.After.IsAvailable(15).Should().BeTrue();
        decoded.Before!.Values.Should().BeEquivalentTo(before.Values, o => o.WithStrictOrdering());
        decoded.Source.Should().Be(record.Source);
        decoded.Table.Should().Be(SampleTables.AllKinds);
    }

    [Fact]
    public void The_header_is_the_single_object_marker_and_the_libraries_fingerprint()
    {
        var writer = new AvroWriter();
        EnvelopeEncoder.Encode(writer, SampleTables.Record(Operation.Create, null, new RowImage(SampleTables.Values(1))), Schema);
        var bytes = writer.Written.ToArray();

        bytes[..2].Should().Equal(0xC3, 0x01);
        bytes[2..10].Should().Equal(SchemaNormalization.ParsingFingerprint("CRC-64-AVRO", Avro.Schema.Parse(Schema.Json)));
    }

    [Fact]
    public void Apache_avro_decodes_our_records_without_our_code()
    {
        var writer = new AvroWriter();
        var values = SampleTables.Values(9);
        values[13] = 1_700_000_000_000_000L; // the library maps timestamps to DateTime, which has no room for infinity
        values[5] = 1.5;
        EnvelopeEncoder.Encode(writer, SampleTables.Record(Operation.Create, null, new RowImage(values)), Schema);
        var avroSchema = (RecordSchema)Avro.Schema.Parse(Schema.Json);

        var reader = new GenericDatumReader<GenericRecord>(avroSchema, avroSchema);
        var record = reader.Read(null!, new BinaryDecoder(new MemoryStream(writer.Written.ToArray()[10..])));

        record["op"].Should().BeOfType<GenericEnum>().Which.Value.Should().Be("c");
        var row = (GenericRecord)record["after"];
        row["id"].Should().Be(9L);
        row["name"].Should().Be("héllo 🌍");
        row["amount"].Should().BeOfType<Avro.AvroDecimal>().Which.ToString().Should().Be("-123456789.125");
        row["uid"].Should().Be(Guid.Parse("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
        row["odd_type"].Should().Be("'fat':1");
        ((GenericRecord)record["source"])["position"].Should().Be("0:1000:0");
    }

    [Fact]
    public void Schema_json_rebuilds_the_table_definition_and_names_the_original_identifiers()
    {
        var (office, table) = EnvelopeSchema.Parse(Schema.Json);

        office.Should().Be("head");
        table.Should().Be(SampleTables.AllKinds);
        Schema.Json.Should().Contain("\"cdc.column\":\"odd type\"").And.Contain("\"name\":\"all_kinds\"");
        Schema.Subject.Should().Be("head.public.all-kinds");
    }

    [Fact]
    public void Versions_that_differ_only_in_logical_types_share_a_fingerprint_but_not_a_schema()
    {
        var wider = new TableDefinition(SampleTables.AllKinds.Id,
            SampleTables.AllKinds.Columns.Select(c => c.Name == "amount" ? c with { Precision = 18, Scale = 6, SourceType = "numeric(18,6)" } : c).ToArray());
        var v2 = RegisteredSchema.For("head", wider, 2);

        v2.Fingerprint.Should().Be(Schema.Fingerprint, "CRC-64-AVRO ignores decimal precision and scale");
        v2.Json.Should().NotBe(Schema.Json);
        EnvelopeSchema.Parse(v2.Json).Table.Columns.Single(c => c.Name == "amount").Scale.Should().Be(6);
    }

    [Fact]
    public void Bytes_that_are_not_a_record_are_refused()
    {
        var decode = () => EnvelopeDecoder.Decode(new AvroReader(new byte[] { 0x7B, 0x22, 0x61, 0x22, 0, 0, 0, 0, 0, 0, 0 }), Schema);

        decode.Should().Throw<InvalidDataException>().WithMessage("*not a Cdc change record*");
    }

    private static ChangeRecord RoundTrip(ChangeRecord record)
    {
        var writer = new AvroWriter();
        EnvelopeEncoder.Encode(writer, record, Schema);
        var reader = new AvroReader(writer.Written);
        var decoded = EnvelopeDecoder.Decode(reader, Schema);
        reader.AtEnd.Should().BeTrue();
        return decoded;
    }
}
