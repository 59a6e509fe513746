using Cdc.Connections;

namespace Cdc.Tests.Model;

public sealed class DatabaseUriTests
{
    [Theory]
    [InlineData("postgres://u:p@db.example:6543/shop", DatabaseEngine.Postgres, 6543)]
    [InlineData("postgresql://u:p@db.example/shop", DatabaseEngine.Postgres, 5432)]
    [InlineData("mysql://u:p@db.example/shop", DatabaseEngine.MySql, 3306)]
    [InlineData("mariadb://u:p@db.example:3307/shop", DatabaseEngine.MySql, 3307)]
    public void The_engine_comes_from_the_scheme(string text, DatabaseEngine engine, int port)
    {
        var uri = DatabaseUri.Parse(text);

        uri.Engine.Should().Be(engine);
        uri.Port.Should().Be(port);
        uri.Database.Should().Be("shop");
    }

    [Fact]
    public void Escaped_credentials_are_decoded_and_never_printed()
    {
        var uri = DatabaseUri.Parse("postgres://app%40office:p%3Ass%2Fw0rd@127.0.0.1:15432/bank?sslmode=disable");

        uri.User.Should().Be("app@office");
        uri.Password.Should().Be("p:ss/w0rd");
        uri.ToConnectionString().Should().Contain("Password=p:ss/w0rd").And.Contain("SSL Mode=Disable");
        uri.ToString().Should().Be("postgres://app@office@127.0.0.1:15432/bank").And.NotContain("w0rd");
    }

    [Theory]
    [InlineData("http://u:p@h/db", "Unknown database scheme 'http'")]
    [InlineData("postgres://u:p@h:5432/", "names no database")]
    [InlineData("not a uri", "is not a database URI")]
    public void Bad_uris_say_what_is_wrong(string text, string message)
    {
        var parse = () => DatabaseUri.Parse(text);

        parse.Should().Throw<FormatException>().WithMessage($"*{message}*");
    }

    [Fact]
    public void Redact_hides_the_password_of_any_uri()
    {
        DatabaseUri.Redact("amqp://cdc:secret@host:5672/%2F").Should().Be("amqp://cdc:***@host:5672/%2F");
        DatabaseUri.Redact("amqp://host:5672/").Should().Be("amqp://host:5672/");
    }
}
