using Cdc.Schemas.AvroBinary;

namespace Cdc.Tests.Schemas;

public sealed class AvroDecimalTests
{
    [Theory]
    [InlineData("123.45", 2, new byte[] { 0x30, 0x39 })]
    [InlineData("-0.01", 2, new byte[] { 0xFF })]
    [InlineData("0", 0, new byte[] { 0x00 })]
    [InlineData("1.5", 3, new byte[] { 0x05, 0xDC })]
    public void Text_becomes_big_endian_twos_complement_of_the_unscaled_value(string text, int scale, byte[] expected)
    {
        AvroDecimal.ToBytes(text, scale).Should().Equal(expected);
    }

    [Theory]
    [InlineData("12345678901234567890123456789012345.123456789012345678901234567890", 30)]
    [InlineData("-0.000000000000000000000000000001", 30)]
    [InlineData("18446744073709551615", 0)]
    [InlineData("-99.90", 2)]
    public void Round_trips_keep_every_digit(string text, int scale)
    {
        AvroDecimal.ToText(AvroDecimal.ToBytes(text, scale), scale).Should().Be(text);
    }

    [Fact]
    public void More_fractional_digits_than_the_scale_are_refused_unless_zero()
    {
        AvroDecimal.ToText(AvroDecimal.ToBytes("1.500", 1), 1).Should().Be("1.5");
        var lossy = () => AvroDecimal.ToBytes("1.55", 1);
        lossy.Should().Throw<FormatException>();
    }
}
