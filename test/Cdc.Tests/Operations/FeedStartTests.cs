using Cdc.Cli.Operations;
using Cdc.Streams.Consuming;

namespace Cdc.Tests.Operations;

/// <summary>cdc tail --from: first, last, offset N, time T, and usage errors for anything else.</summary>
public sealed class FeedStartTests
{
    [Fact]
    public void Parses_every_documented_form()
    {
        FeedStartOption.Parse(["first"]).Should().Be(FeedStart.First);
        FeedStartOption.Parse(["last"]).Should().Be(FeedStart.Last);
        FeedStartOption.Parse(["offset", "42"]).Should().Be(FeedStart.AtOffset(42));
        FeedStartOption.Parse(["time", "2026-11-25T14:00:00Z"]).Time.Should().Be(new DateTimeOffset(2026, 11, 25, 14, 0, 0, TimeSpan.Zero));
        FeedStartOption.Parse(["time", "2026-11-25T14:00:00"]).Time.Offset.Should().Be(TimeSpan.Zero, "a time without a zone is UTC");
    }

    [Theory]
    [InlineData("sideways")]
    [InlineData("offset")]
    [InlineData("offset -3")]
    [InlineData("offset x")]
    [InlineData("time yesterday")]
    public void Anything_else_is_a_usage_error(string words) =>
        FluentActions.Invoking(() => FeedStartOption.Parse(words.Split(' '))).Should().Throw<UsageException>();
}
