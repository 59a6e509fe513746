using Cdc.Appliers.Writing;
using Cdc.Model;
using Cdc.Sql;

namespace Cdc.Tests.Security;

/// <summary>The one quoting function per engine for identifiers and for literals, and the names each engine refuses.</summary>
public sealed class QuotingTests
{
    private const string Injection = "x\\'; DROP TABLE sales; #";

    [Fact]
    public void MySql_identifiers_double_backquotes_and_literals_are_hex_whatever_the_text()
    {
        MySqlQuoting.Identifier("a`b").Should().Be("`a``b`");
        MySqlQuoting.Literal(Injection).Should().Be("_utf8mb4 X'785C273B2044524F50205441424C452073616C65733B2023'");
        MySqlQuoting.Literal((string?)null).Should().Be("NULL");
        MySqlQuoting.DefaultText("\\'").Should().Be("(CONVERT(X'5C27' USING utf8mb4))");
    }

    [Fact]
    public void PostgreSQL_literals_with_a_backslash_are_escape_strings()
    {
        PostgresQuoting.Identifier("a\"b").Should().Be("\"a\"\"b\"");
        PostgresQuoting.Literal("it's").Should().Be("'it''s'");
        PostgresQuoting.Literal(Injection).Should().Be("E'x\\\\''; DROP TABLE sales; #'");
    }

    [Theory]
    [InlineData("ends with a space ", "cannot end with a space")]
    [InlineData("", "cannot be empty")]
    [InlineData("nul\0", "NUL")]
    [InlineData("emoji 🌍", "Basic Multilingual Plane")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "65 characters long and the limit is 64")]
    public void MySql_refuses_names_it_would_reject_or_change(string name, string reason)
    {
        MySqlQuoting.Refusal(name).Should().Contain(reason);
        FluentActions.Invoking(() => new MySqlDialect().Quote(name)).Should().Throw<UnrepresentableNameException>().WithMessage($"*'{name}'*{reason}*");
    }

    [Fact]
    public void A_MySql_table_name_whose_file_name_would_be_too_long_is_refused_a_column_name_is_not()
    {
        var name = new string('日', 51);
        MySqlQuoting.Refusal(name).Should().BeNull();
        MySqlQuoting.TableRefusal(name).Should().Contain("over the limit of 251");
        MySqlQuoting.TableRefusal(new string('日', 50)).Should().BeNull();
        FluentActions.Invoking(() => new MySqlDialect().TableName(new TableId("s", name))).Should().Throw<UnrepresentableNameException>();
    }

    [Fact]
    public void PostgreSQL_refuses_names_longer_than_63_bytes_instead_of_cutting_them()
    {
        PostgresQuoting.Refusal(new string('é', 31) + "a").Should().BeNull();
        PostgresQuoting.Refusal(new string('é', 32)).Should().Contain("64 bytes long in UTF-8");
        FluentActions.Invoking(() => new PostgresDialect().TableName(new TableId("s", new string('x', 64)))).Should().Throw<UnrepresentableNameException>();
    }

    [Fact]
    public void Catalog_lookups_carry_the_table_name_as_parameters_not_in_the_sql()
    {
        var table = new TableId("sch'ema", Injection);
        var (mysql, mysqlParameters) = new MySqlDialect().SelectColumns(table);
        mysql.Should().NotContain("DROP");
        mysqlParameters.Should().Equal(Injection);
        var (postgres, postgresParameters) = new PostgresDialect().SelectColumns(table);
        postgres.Should().NotContain("DROP").And.NotContain("sch'ema");
        postgresParameters.Should().Equal("sch'ema", Injection);
    }
}
