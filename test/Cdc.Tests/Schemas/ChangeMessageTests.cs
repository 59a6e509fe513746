using System.Text;
using Cdc.Model;
using Cdc.Positions;
using Cdc.Schemas.Registry;
using Cdc.Schemas.Wire;
using Cdc.Streams.Messages;

namespace Cdc.Tests.Schemas;

public sealed class ChangeMessageTests
{
    private static readonly RegisteredSchema V1 = RegisteredSchema.For("head", SampleTables.AllKinds, 1);

    [Fact]
    public void A_message_carries_consecutive_records_and_headers_that_describe_them()
    {
        var builder = new ChangeMessageBuilder(maxRecords: 3);
        for (var i = 0; i < 3; i++)
            builder.Add(Record(i, i == 2 ? Operation.Delete : Operation.Create), V1);

        builder.IsFull.Should().BeTrue();
        var (headers, body) = builder.Build(endOfTransaction: true);
        var amqp = headers.ToAmqp();
        // What the broker hands back: strings as bytes.
        var received = amqp.ToDictionary(p => p.Key, p => p.Value is string s ? (object?)Encoding.UTF8.GetBytes(s) : p.Value);
        var read = ChangeMessageHeaders.FromAmqp(received);

        read.Office.Should().Be("head");
        read.TransactionId.Should().Be("731");
        read.EndOfTransaction.Should().BeTrue();
        read.Count.Should().Be(3);
        read.Tables.Should().Be("public.all-kinds");
        read.First.Should().Be(new SourcePosition(0, 1000, 0));
        read.Last.Should().Be(new SourcePosition(0, 1000, 2));
        read.Ops.Should().Be("cd");
        read.Schemas.Should().Equal(new SchemaReference("head.public.all-kinds", 1));
        ChangeMessageReader.Read(read, body, [V1]).Select(r => r.Source.Position.Index).Should().Equal(0, 1, 2);
        builder.IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void Two_versions_of_one_subject_never_share_a_message()
    {
        var builder = new ChangeMessageBuilder();
        builder.Add(Record(0), V1);
        var v2 = RegisteredSchema.For("head", SampleTables.AllKinds, 2);

        builder.Accepts(v2).Should().BeFalse();
        builder.Accepts(V1).Should().BeTrue();
    }

    [Theory]
    [InlineData(null, "no cdc-format header")]
    [InlineData("json/1", "format 'json/1'")]
    public void Foreign_messages_are_named_as_such(string? format, string reason)
    {
        var headers = format is null ? new Dictionary<string, object?>() : new Dictionary<string, object?> { ["cdc-format"] = Encoding.UTF8.GetBytes(format) };

        var read = () => ChangeMessageHeaders.FromAmqp(headers);

        read.Should().Throw<ForeignMessageException>().WithMessage($"*{reason}*");
    }

    [Fact]
    public void A_body_whose_record_count_disagrees_with_its_header_is_refused()
    {
        var builder = new ChangeMessageBuilder();
        builder.Add(Record(0), V1);
        var (headers, body) = builder.Build(endOfTransaction: true);

        var read = () => ChangeMessageReader.Read(headers with { Count = 2 }, body, [V1]);

        read.Should().Throw<InvalidDataException>().WithMessage("*holds 1 records; its header says 2*");
    }

    private static ChangeRecord Record(long index, Operation op = Operation.Create) =>
        SampleTables.Record(op, op == Operation.Delete ? new RowImage(SampleTables.Values(index)) : null,
            op == Operation.Delete ? null : new RowImage(SampleTables.Values(index)), index);
}
