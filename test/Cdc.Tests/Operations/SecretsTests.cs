using System.Net;
using Cdc.Cli.Hosting;
using Cdc.Connections;
using Cdc.Streams.Broker;
using Cdc.Sessions;
using Microsoft.Extensions.Configuration;

namespace Cdc.Tests.Operations;

/// <summary>Passwords stay out of messages, command lines and /readyz; the metrics endpoint stays on this machine by default.</summary>
public sealed class SecretsTests
{
    [Theory]
    [InlineData("postgres://cdc:p@ss@db.example:5432/shop", "postgres://cdc:***@db.example:5432/shop")]
    [InlineData("mysql://cdc:a:b:c@db.example/shop", "mysql://cdc:***@db.example/shop")]
    [InlineData("postgres://cdc:100%25pure@db.example/shop", "postgres://cdc:***@db.example/shop")]
    [InlineData("amqp://branch:x@y:z%2F@broker:5672/%2F", "amqp://branch:***@broker:5672/%2F")]
    [InlineData("postgres://cdc@db.example/shop", "postgres://cdc@db.example/shop")]
    public void Redaction_hides_passwords_with_any_character(string uri, string redacted)
    {
        DatabaseUri.Redact(uri).Should().Be(redacted);
    }

    [Fact]
    public void Redaction_rather_hides_too_much_than_too_little()
    {
        DatabaseUri.Redact("postgres://cdc:s3cr3t@db.example/shop?application_name=a@b").Should().NotContain("s3cr3t");
    }

    [Fact]
    public void Parsed_uris_print_without_their_password()
    {
        DatabaseUri.Parse("postgres://cdc:p%40ss%3Aw%25rd@db.example/shop").ToString().Should().NotContain("p%40ss").And.NotContain("p@ss");
        BrokerEndpoint.Parse("amqp://branch:p%40ss%3Aw%25rd@broker:5672/%2F").ToString().Should().NotContain("p%40ss").And.NotContain("w%25rd");
        var act = () => DatabaseUri.Parse("ftp://cdc:p@ss:w@rd@db.example/shop");
        act.Should().Throw<FormatException>().Which.Message.Should().NotContain("ss:w@rd").And.NotContain("p@ss");
    }

    [Fact]
    public void A_FILE_setting_reads_its_value_from_the_file()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "postgres://cdc:s3cr3t@db.example/shop\n");
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Capture:Source_FILE"] = file, ["Capture:Office"] = "head" })
                .Build();

            var resolved = SecretFiles.Resolve(configuration);

            resolved.Should().Equal(new Dictionary<string, string?> { ["Capture:Source"] = "postgres://cdc:s3cr3t@db.example/shop" });
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_FILE_setting_naming_a_missing_file_says_which()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Apply:Target_FILE"] = "/nonexistent/target" })
            .Build();

        var act = () => SecretFiles.Resolve(configuration);

        act.Should().Throw<Cdc.Cli.Operations.UsageException>().WithMessage("*Apply:Target_FILE*/nonexistent/target*");
    }

    [Fact]
    public void Metrics_listen_on_loopback_unless_told_otherwise()
    {
        MetricsAddress.Parse(null).Should().Be(IPAddress.Loopback);
        MetricsAddress.Parse("").Should().Be(IPAddress.Loopback);
        MetricsAddress.Parse("0.0.0.0").Should().Be(IPAddress.Any);
        var act = () => MetricsAddress.Parse("everywhere");
        act.Should().Throw<InvalidOperationException>().WithMessage("*'everywhere'*0.0.0.0*");
    }

    [Fact]
    public void Readiness_reasons_name_the_failure_but_quote_no_value()
    {
        var failure = new InvalidOperationException("Duplicate entry 'alice@example.com' for key 'PRIMARY'");

        var reason = Readiness.Reason(failure, "applying cdc.branch_1 from amqp://applier@broker:5672/");

        reason.Should().Contain("InvalidOperationException").And.Contain("cdc.branch_1").And.NotContain("alice");
    }
}
