namespace Cdc.Connections;

/// <summary>The database engines Cdc reads from and writes to.</summary>
public enum DatabaseEngine
{
    Postgres,
    MySql,
}
