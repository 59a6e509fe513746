using Cdc.Capture.MySql;

namespace Cdc.Tests.MySql;

/// <summary>MariaDB 10.11's own text for INET4, INET6 and UUID bytes (as <c>SELECT CAST(c AS CHAR)</c> prints them).</summary>
public sealed class MariaDbFixedBinaryTests
{
    [Theory]
    [InlineData("00000000000000000000ffff01020304", "::ffff:1.2.3.4")] // IPv4-mapped keeps its form
    [InlineData("00000000000000000000000001020304", "::1.2.3.4")] // IPv4-compatible
    [InlineData("00000000000000000000000000000002", "::2")]
    [InlineData("00000000000000000000000000000001", "::1")]
    [InlineData("", "::")] // the binlog leaves out trailing zero bytes
    [InlineData("20010db8000000000000000000000001", "2001:db8::1")]
    [InlineData("20010db8", "2001:db8::")]
    [InlineData("00010000000200030004000500060007", "1::2:3:4:5:6:7")] // one zero word is a gap too (not RFC 5952)
    [InlineData("00010000000000020000000000030004", "1::2:0:0:3:4")] // the first of equal runs
    [InlineData("00010000000200000000000000030004", "1:0:2::3:4")]
    [InlineData("ffffffffffffffffffffffffffffffff", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")]
    [InlineData("fe800000000000000202b3fffe1e8329", "fe80::202:b3ff:fe1e:8329")]
    [InlineData("0000000000000000ffff000001020304", "::ffff:0:102:304")] // ffff elsewhere: not mapped
    public void Inet6_prints_as_mariadb_does(string hex, string text) =>
        MariaDbFixedBinary.Text("inet6", Convert.FromHexString(hex)).Should().Be(text);

    [Theory]
    [InlineData("c0a80001", "192.168.0.1")]
    [InlineData("", "0.0.0.0")]
    [InlineData("ffffffff", "255.255.255.255")]
    public void Inet4_prints_dotted(string hex, string text) =>
        MariaDbFixedBinary.Text("inet4", Convert.FromHexString(hex)).Should().Be(text);

    [Theory]
    [InlineData("6ccd780cbaba102695645b8c656024db", "6ccd780c-baba-1026-9564-5b8c656024db")]
    [InlineData("123456789ABC4EF0923456789ABCDEF0", "12345678-9abc-4ef0-9234-56789abcdef0")]
    [InlineData("12345678", "12345678-0000-0000-0000-000000000000")]
    [InlineData("", "00000000-0000-0000-0000-000000000000")]
    public void Uuid_prints_lower_case_in_its_text_order(string hex, string text) =>
        MariaDbFixedBinary.Text("uuid", Convert.FromHexString(hex)).Should().Be(text);
}
