namespace Cdc.Sql;

/// <summary>PostgreSQL SQL text for names and values: the one quoter of this engine (capture, apply and verify use it).</summary>
public static class PostgresLiteral
{
    public static string Name(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
