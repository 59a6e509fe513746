using Cdc.Appliers;
using Cdc.Connections;
using Cdc.Model;
using Cdc.Positions;
using Cdc.Schemas.Registry;
using Cdc.Schemas.Wire;
using Cdc.Streams.Messages;

namespace Cdc.Tests.Schemas;

/// <summary>
/// Every way a message can be bad is refused by decoding with an exception that says so (a bad message, which stops
/// or is parked), never one that looks like a passing failure (retried for ever) or an allocation of what a header claims.
/// </summary>
public sealed class BadMessageDecodingTests
{
    private static readonly TableDefinition Items = new(new TableId("shop", "items"),
    [
        new ColumnDefinition("id", ColumnKind.Int32, "integer", Nullable: false, IsKey: true, SourceId: 1),
        new ColumnDefinition("qty", ColumnKind.Int32, "integer", SourceId: 2),
    ]);

    private static readonly RegisteredSchema Schema = RegisteredSchema.For("head", Items, 1);

    private static readonly byte[] HugeVarint = [0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]; // long.MaxValue, zigzag

    [Fact]
    public void A_good_message_decodes() => Decode(Message()).Should().ContainSingle();

    [Theory]
    [InlineData("schemas-without-at")]
    [InlineData("negative-count")]
    [InlineData("count-beyond-int")]
    [InlineData("oversized-count")]
    [InlineData("huge-varint")]
    [InlineData("time-out-of-range")]
    [InlineData("insert-without-after")]
    [InlineData("delete-without-before")]
    public void A_bad_message_is_refused_as_bad(string input)
    {
        var (headers, body) = input switch
        {
            "insert-without-after" => Message(Operation.Create, before: new RowImage([1, 1]), after: null),
            "delete-without-before" => Message(Operation.Delete, before: null, after: null),
            _ => Message(),
        };
        switch (input)
        {
            case "schemas-without-at": headers["cdc-schemas"] = Schema.Subject; break;
            case "negative-count": headers["cdc-count"] = -1; break;
            case "count-beyond-int": headers["cdc-count"] = 1L << 40; break;
            case "oversized-count": headers["cdc-count"] = int.MaxValue; break;
            case "huge-varint": body = [.. body[..10], .. HugeVarint, .. body[11..]]; break; // the op, right after the single-object header
            case "time-out-of-range":
                body[^2].Should().Be(0x02, "the record ends with the commit time, 1 µs, and the snapshot flag");
                body = [.. body[..^2], .. HugeVarint, body[^1]];
                break;
        }

        var decode = () => Decode((headers, body));

        var refused = decode.Should().Throw<Exception>().Which;
        ChangeMessageDecoder.IsUndecodable(refused).Should().BeTrue(refused.ToString());
        ApplyFailure.Classify(refused).Should().Be(ApplyFailureKind.BadMessage, refused.ToString());
    }

    private static List<ChangeRecord> Decode((Dictionary<string, object?> Headers, byte[] Body) message) =>
        ChangeMessageReader.Read(ChangeMessageHeaders.FromAmqp(message.Headers), message.Body, [Schema]);

    private static (Dictionary<string, object?> Headers, byte[] Body) Message(Operation op = Operation.Create, RowImage? before = null, RowImage? after = null)
    {
        var source = new SourceInfo("head", DatabaseEngine.Postgres, "shop", new SourcePosition(0, 1000, 0), "0/3E8", "731", DateTimeOffset.UnixEpoch.AddTicks(10));
        var builder = new ChangeMessageBuilder();
        builder.Add(new ChangeRecord(op, Items, before, op == Operation.Create && before is null ? new RowImage([1, 1]) : after, source), Schema);
        var (headers, body) = builder.Build(endOfTransaction: true);
        return (headers.ToAmqp(), body);
    }
}
