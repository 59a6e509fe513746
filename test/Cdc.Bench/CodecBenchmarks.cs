using Avro;
using Avro.Generic;
using Avro.IO;
using BenchmarkDotNet.Attributes;
using Cdc.Connections;
using Cdc.Model;
using Cdc.Positions;
using Cdc.Schemas.AvroBinary;
using AvroDecimal = Avro.AvroDecimal;
using Cdc.Schemas.Envelope;
using Cdc.Schemas.Registry;

namespace Cdc.Bench;

/// <summary>
/// Our envelope codec against Apache.Avro's generic datum writer and reader on the same 6-column record and schema:
/// the ratio says what writing our own codec bought (or cost) on the per-record hot path.
/// </summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private const int Records = 1000;
    private static readonly TableDefinition Table = new(new TableId("public", "accounts"),
    [
        new ColumnDefinition("id", ColumnKind.Int64, "bigint", Nullable: false, IsKey: true),
        new ColumnDefinition("owner", ColumnKind.String, "text"),
        new ColumnDefinition("balance", ColumnKind.Decimal, "numeric(12,2)", Precision: 12, Scale: 2),
        new ColumnDefinition("opened", ColumnKind.Date, "date"),
        new ColumnDefinition("updated", ColumnKind.TimestampTz, "timestamptz"),
        new ColumnDefinition("active", ColumnKind.Boolean, "boolean"),
    ]);

    private readonly RegisteredSchema _schema = RegisteredSchema.For("bench", Table, 1);
    private ChangeRecord[] _records = [];
    private GenericRecord[] _generic = [];
    private GenericDatumWriter<GenericRecord> _genericWriter = null!;
    private GenericDatumReader<GenericRecord> _genericReader = null!;
    private byte[] _ours = [];
    private byte[] _theirs = [];

    [GlobalSetup]
    public void Setup()
    {
        var avroSchema = (RecordSchema)Schema.Parse(_schema.Json);
        _genericWriter = new GenericDatumWriter<GenericRecord>(avroSchema);
        _genericReader = new GenericDatumReader<GenericRecord>(avroSchema, avroSchema);
        _records = Enumerable.Range(0, Records).Select(i => new ChangeRecord(Operation.Update, Table, null,
            new RowImage([(long)i, $"owner {i}", $"{i}.25", 19000 + i, 1_700_000_000_000_000L + i, i % 2 == 0]),
            new SourceInfo("bench", DatabaseEngine.Postgres, "bank", new SourcePosition(0, 5000, i), "0/1388", "77", DateTimeOffset.UnixEpoch))).ToArray();
        _generic = _records.Select(r => ToGeneric(avroSchema, r)).ToArray();
        _ours = EncodeOurs();
        _theirs = EncodeTheirs();
    }

    [Benchmark(Baseline = true, Description = "Apache.Avro generic: encode 1000 records")]
    public byte[] EncodeTheirs()
    {
        var stream = new MemoryStream();
        var encoder = new BinaryEncoder(stream);
        foreach (var record in _generic)
            _genericWriter.Write(record, encoder);
        return stream.ToArray();
    }

    [Benchmark(Description = "Cdc envelope: encode 1000 records")]
    public byte[] EncodeOurs()
    {
        var writer = new AvroWriter(64 * 1024);
        foreach (var record in _records)
            EnvelopeEncoder.Encode(writer, record, _schema);
        return writer.Written.ToArray();
    }

    [Benchmark(Description = "Apache.Avro generic: decode 1000 records")]
    public int DecodeTheirs()
    {
        var decoder = new BinaryDecoder(new MemoryStream(_theirs));
        var count = 0;
        for (var i = 0; i < Records; i++)
            count += _genericReader.Read(null!, decoder) is null ? 0 : 1;
        return count;
    }

    [Benchmark(Description = "Cdc envelope: decode 1000 records")]
    public int DecodeOurs()
    {
        var reader = new AvroReader(_ours);
        var count = 0;
        while (!reader.AtEnd)
            count += EnvelopeDecoder.Decode(reader, _schema) is null ? 0 : 1;
        return count;
    }

    private static GenericRecord ToGeneric(RecordSchema schema, ChangeRecord change)
    {
        var envelope = new GenericRecord(schema);
        envelope.Add("op", new GenericEnum((EnumSchema)schema["op"].Schema, "u"));
        envelope.Add("before", null);
        var rowSchema = (RecordSchema)((UnionSchema)schema["after"].Schema).Schemas[1];
        var row = new GenericRecord(rowSchema);
        var v = change.After!.Values;
        row.Add("id", v[0]);
        row.Add("owner", v[1]);
        row.Add("balance", new AvroDecimal(decimal.Parse((string)v[2]!, System.Globalization.CultureInfo.InvariantCulture)));
        row.Add("opened", DateTime.UnixEpoch.AddDays((int)v[3]!));
        row.Add("updated", DateTime.UnixEpoch.AddTicks((long)v[4]! * 10));
        row.Add("active", v[5]);
        envelope.Add("after", row);
        envelope.Add("before_unavailable", Array.Empty<object>());
        envelope.Add("after_unavailable", Array.Empty<object>());
        var source = new GenericRecord((RecordSchema)schema["source"].Schema);
        foreach (var (name, value) in new (string, object)[]
                 {
                     ("office", "bench"), ("engine", "postgres"), ("database", "bank"), ("schema", "public"), ("table", "accounts"),
                     ("position", change.Source.Position.ToString()), ("native_position", "0/1388"), ("tx_id", "77"),
                     ("commit_time", DateTime.UnixEpoch), ("snapshot", false),
                 })
            source.Add(name, value);
        envelope.Add("source", source);
        return envelope;
    }
}
