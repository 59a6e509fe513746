using Cdc.Streams.Messages;

namespace Cdc.Tests.Streams;

/// <summary>subject@version: what a message header names, formatted and parsed in one place.</summary>
public sealed class SchemaReferenceTests
{
    [Theory]
    [InlineData("head.public.orders", 3)]
    [InlineData("head.public.odd@name", 12)]
    public void Parses_what_it_formats(string subject, int version)
    {
        var reference = new SchemaReference(subject, version);
        SchemaReference.Parse(reference.ToString()).Should().Be(reference);
    }

    [Theory]
    [InlineData("head.public.orders")]
    [InlineData("head.public.orders@")]
    [InlineData("@3")]
    [InlineData("head.public.orders@-1")]
    [InlineData("head.public.orders@x")]
    public void Refuses_what_is_not_a_reference(string text) =>
        FluentActions.Invoking(() => SchemaReference.Parse(text)).Should().Throw<FormatException>();
}
