using System.Globalization;

namespace Cdc.Connections;

/// <summary>
/// A database given as <c>postgres://user:password@host:port/database</c> or <c>mysql://user:password@host:port/database</c>;
/// the engine comes from the scheme. The TLS parameters are read into <see cref="Tls"/>; the other query parameters are
/// passed on to the driver as connection-string keywords.
/// </summary>
public sealed record DatabaseUri(
    DatabaseEngine Engine,
    string Host,
    int Port,
    string Database,
    string User,
    string Password,
    IReadOnlyDictionary<string, string> Options,
    TlsSettings Tls)
{
    public static DatabaseUri Parse(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
            throw new FormatException($"'{Redact(text)}' is not a database URI; expected postgres://user:password@host:port/database or mysql://user:password@host:port/database.");
        var engine = uri.Scheme switch
        {
            "postgres" or "postgresql" => DatabaseEngine.Postgres,
            "mysql" or "mariadb" => DatabaseEngine.MySql,
            _ => throw new FormatException($"Unknown database scheme '{uri.Scheme}' in '{Redact(text)}'; use postgres:// or mysql://."),
        };
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length == 0)
            throw new FormatException($"'{Redact(text)}' names no database; add it as the path, e.g. {uri.Scheme}://user:password@{uri.Host}/mydb.");
        var userInfo = uri.UserInfo.Split(':', 2);
        var port = uri.IsDefaultPort || uri.Port < 0 ? (engine == DatabaseEngine.Postgres ? 5432 : 3306) : uri.Port;
        var query = uri.Query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : "");
        var tlsKeys = TlsSettings.Keys(engine);
        var options = query.Where(o => !tlsKeys.Contains(o.Key)).ToDictionary();
        return new DatabaseUri(
            engine,
            uri.Host,
            port,
            database,
            Uri.UnescapeDataString(userInfo[0]),
            userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : "",
            options,
            TlsSettings.Parse(engine, query, Redact(text)));
    }

    /// <summary>The same database under another name (used for a target's sibling databases in tests and tools).</summary>
    public DatabaseUri WithDatabase(string database) => this with { Database = database };

    /// <summary>An ADO.NET connection string for the engine's driver (Npgsql or MySqlConnector).</summary>
    public string ToConnectionString()
    {
        var parts = new List<string>
        {
            $"Host={Host}",
            string.Create(CultureInfo.InvariantCulture, $"Port={Port}"),
            $"Database={Quote(Database)}",
            $"Username={Quote(User)}",
            $"Password={Quote(Password)}",
        };
        parts.AddRange(Tls.ConnectionStringKeywords(Engine).Select(o => $"{o.Key}={Quote(o.Value)}"));
        parts.AddRange(Options.Select(o => $"{o.Key}={Quote(o.Value)}"));
        return string.Join(';', parts);
    }

    /// <summary>The URI without its password: safe for logs and error messages.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{DatabaseEngineNames.Of(Engine)}://{User}@{Host}:{Port}/{Database}");

    /// <summary>
    /// Removes the password from a URI-looking text, whatever it contains: the user info runs from the scheme to the
    /// last '@' (a password with a raw '@', ':' or '%' in it still ends there), and everything between the first
    /// ':' of the user info and that '@' is hidden. A text with no '@' after the scheme has no password to hide.
    /// </summary>
    public static string Redact(string text)
    {
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
            return text;
        var at = text.LastIndexOf('@');
        if (at < scheme + 3)
            return text;
        var colon = text.IndexOf(':', scheme + 3, at - scheme - 3);
        return colon < 0 ? text : text[..(colon + 1)] + "***" + text[at..];
    }

    private static string Quote(string value) =>
        value.IndexOfAny([';', '=', '"', '\'', ' ']) < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";
}
