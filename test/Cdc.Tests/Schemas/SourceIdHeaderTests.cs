using System.Text;
using Cdc.Model;
using Cdc.Schemas.Registry;
using Cdc.Schemas.Wire;
using Cdc.Streams.Messages;

namespace Cdc.Tests.Schemas;

/// <summary>Every message names the server its records came from (cdc-source-id); messages without it still read.</summary>
public sealed class SourceIdHeaderTests
{
    private static readonly RegisteredSchema V1 = RegisteredSchema.For("head", SampleTables.AllKinds, 1);

    [Fact]
    public void Every_message_carries_the_source_id_through_the_broker()
    {
        var builder = new ChangeMessageBuilder(maxRecords: 1) { SourceId = "postgresql:7301234567890123456;timeline=2" };
        foreach (var index in new[] { 0L, 1L })
        {
            builder.Add(SampleTables.Record(Operation.Create, null, new RowImage(SampleTables.Values(index)), index), V1);
            var (headers, _) = builder.Build(endOfTransaction: index == 1);
            var received = headers.ToAmqp().ToDictionary(p => p.Key, p => p.Value is string s ? (object?)Encoding.UTF8.GetBytes(s) : p.Value);

            ChangeMessageHeaders.FromAmqp(received).SourceId.Should().Be("postgresql:7301234567890123456;timeline=2");
        }
    }

    [Fact]
    public void A_message_written_before_the_header_existed_reads_with_an_empty_source_id()
    {
        var builder = new ChangeMessageBuilder();
        builder.Add(SampleTables.Record(Operation.Create, null, new RowImage(SampleTables.Values(0)), 0), V1);
        var amqp = builder.Build(endOfTransaction: true).Headers.ToAmqp();
        amqp.Remove("cdc-source-id");

        ChangeMessageHeaders.FromAmqp(amqp).SourceId.Should().BeEmpty();
    }
}
