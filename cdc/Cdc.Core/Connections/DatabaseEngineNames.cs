namespace Cdc.Connections;

/// <summary>An engine's name in a record's source block and in URIs (<c>postgres</c>, <c>mysql</c>): written and read here only.</summary>
public static class DatabaseEngineNames
{
    public static string Of(DatabaseEngine engine) => engine switch
    {
        DatabaseEngine.Postgres => "postgres",
        DatabaseEngine.MySql => "mysql",
        _ => throw new ArgumentOutOfRangeException(nameof(engine), engine, "Not a database engine Cdc knows."),
    };

    public static DatabaseEngine Parse(string name) => name switch
    {
        "postgres" => DatabaseEngine.Postgres,
        "mysql" => DatabaseEngine.MySql,
        _ => throw new FormatException($"'{name}' is not a database engine: expected postgres or mysql."),
    };
}
