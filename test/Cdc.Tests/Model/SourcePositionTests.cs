using Cdc.Positions;

namespace Cdc.Tests.Model;

public sealed class SourcePositionTests
{
    [Theory]
    [InlineData("0:100:0", "0:100:1")]
    [InlineData("0:100:7", "0:101:0")]
    [InlineData("3:99999:2", "4:4:0")]
    [InlineData("0:0:-1", "0:0:0")]
    public void Positions_order_by_log_then_offset_then_index(string lower, string higher)
    {
        var a = SourcePosition.Parse(lower);
        var b = SourcePosition.Parse(higher);

        (a < b).Should().BeTrue();
        (b > a).Should().BeTrue();
        a.CompareTo(b).Should().BeNegative();
    }

    [Fact]
    public void The_text_form_round_trips()
    {
        var position = new SourcePosition(12, 987654321012, 42);

        SourcePosition.Parse(position.ToString()).Should().Be(position);
        position.ToString().Should().Be("12:987654321012:42");
    }

    [Theory]
    [InlineData("")]
    [InlineData("1:2")]
    [InlineData("a:b:c")]
    [InlineData("0/16B3748")]
    public void Malformed_text_is_refused_with_the_expected_form(string text)
    {
        var parse = () => SourcePosition.Parse(text);

        parse.Should().Throw<FormatException>().WithMessage("*expected log:offset:index*");
    }

    [Fact]
    public void None_sorts_before_the_first_record_of_any_transaction()
    {
        (SourcePosition.None < new SourcePosition(0, 0, 0)).Should().BeTrue();
        new SourcePosition(0, 5, 3).SameTransaction(new SourcePosition(0, 5, 9)).Should().BeTrue();
        new SourcePosition(0, 5, 3).SameTransaction(new SourcePosition(0, 6, 3)).Should().BeFalse();
    }
}
