using Cdc.Connections;
using Cdc.Streams.Broker;

namespace Cdc.Tests.Security;

/// <summary>The TLS settings of database and broker URIs, in each engine's spelling, and what each driver is given.</summary>
public sealed class TlsUriTests
{
    [Theory]
    [InlineData("postgres://u:p@h/db", "SSL Mode=Prefer")]
    [InlineData("postgres://u:p@h/db?sslmode=disable", "SSL Mode=Disable")]
    [InlineData("postgres://u:p@h/db?sslmode=require", "SSL Mode=Require")]
    [InlineData("postgres://u:p@h/db?sslmode=verify-ca", "SSL Mode=VerifyCA")]
    [InlineData("postgres://u:p@h/db?sslmode=verify-full", "SSL Mode=VerifyFull")]
    [InlineData("mysql://u:p@h/db", "SslMode=Preferred")]
    [InlineData("mysql://u:p@h/db?ssl-mode=DISABLED", "SslMode=None")]
    [InlineData("mysql://u:p@h/db?ssl-mode=REQUIRED", "SslMode=Required")]
    [InlineData("mysql://u:p@h/db?ssl-mode=VERIFY_CA", "SslMode=VerifyCA")]
    [InlineData("mysql://u:p@h/db?ssl-mode=VERIFY_IDENTITY", "SslMode=VerifyFull")]
    public void Each_engine_reads_its_own_tls_modes_and_maps_them_to_its_driver(string text, string keyword)
    {
        var connectionString = DatabaseUri.Parse(text).ToConnectionString();

        connectionString.Split(';').Should().Contain(keyword).And.ContainSingle(p => p.StartsWith("SSL Mode=") || p.StartsWith("SslMode="));
    }

    [Fact]
    public void The_ca_file_goes_to_the_driver_and_the_settings()
    {
        var ca = Path.GetTempFileName();
        try
        {
            var postgres = DatabaseUri.Parse($"postgres://u:p@h/db?sslmode=verify-full&sslrootcert={ca}");
            var mysql = DatabaseUri.Parse($"mysql://u:p@h/db?ssl-mode=VERIFY_CA&ssl-ca={ca}&allow-cleartext-password=true");

            postgres.ToConnectionString().Split(';').Should().Contain($"Root Certificate={ca}");
            postgres.Tls.Should().Be(new TlsSettings(TlsMode.VerifyFull, ca, false));
            mysql.ToConnectionString().Split(';').Should().Contain($"SslCa={ca}").And.NotContain(p => p.Contains("cleartext"));
            mysql.Tls.Should().Be(new TlsSettings(TlsMode.VerifyCa, ca, true));
            postgres.Options.Should().BeEmpty();
            mysql.Options.Should().BeEmpty();
        }
        finally
        {
            File.Delete(ca);
        }
    }

    [Theory]
    [InlineData("postgres://u:p@h/db?sslmode=VERIFY_IDENTITY", "*sslmode=VERIFY_IDENTITY*disable, prefer, require, verify-ca or verify-full*")]
    [InlineData("mysql://u:p@h/db?ssl-mode=verify-full", "*ssl-mode=verify-full*DISABLED, PREFERRED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY*")]
    [InlineData("mysql://u:p@h/db?ssl-mode=VERIFY_CA&ssl-ca=/nonexistent/ca.pem", "*CA file '/nonexistent/ca.pem'*does not exist*")]
    [InlineData("mysql://u:p@h/db?allow-cleartext-password=perhaps", "*allow-cleartext-password=perhaps*true or false*")]
    public void Wrong_tls_settings_say_what_to_write(string text, string message)
    {
        var parse = () => DatabaseUri.Parse(text);

        parse.Should().Throw<FormatException>().WithMessage(message);
    }

    [Theory]
    [InlineData("amqp://u:p@h/%2F?cacertfile=/tmp/ca.pem", "*amqps://*")]
    [InlineData("amqps://u:p@h/%2F?cacertfile=/nonexistent/ca.pem", "*'/nonexistent/ca.pem'*does not exist*")]
    [InlineData("amqps://u:p@h/%2F?verify=none", "*unknown parameter 'verify'*cacertfile*")]
    public void Broker_uris_take_a_ca_file_with_amqps_only(string text, string message)
    {
        var parse = () => BrokerEndpoint.Parse(text);

        parse.Should().Throw<FormatException>().WithMessage(message);
    }
}
