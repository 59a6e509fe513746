namespace Cdc.Connections;

/// <summary>
/// The TLS part of a database URI, read here for both engines in their own spelling and handed to every driver from
/// here: PostgreSQL <c>sslmode=disable|prefer|require|verify-ca|verify-full</c> and <c>sslrootcert=/path/ca.pem</c>;
/// MySQL/MariaDB <c>ssl-mode=DISABLED|PREFERRED|REQUIRED|VERIFY_CA|VERIFY_IDENTITY</c>, <c>ssl-ca=/path/ca.pem</c> and
/// <c>allow-cleartext-password=true</c> (the binlog client may then send a password in clear over TLS it did not verify).
/// </summary>
public sealed record TlsSettings(TlsMode Mode, string? CaFile, bool AllowUnverifiedCleartextPassword)
{
    private const string PostgresMode = "sslmode";
    private const string PostgresCa = "sslrootcert";
    private const string MySqlMode = "ssl-mode";
    private const string MySqlCa = "ssl-ca";
    private const string MySqlCleartext = "allow-cleartext-password";

    public static readonly TlsSettings Default = new(TlsMode.Prefer, null, false);

    /// <summary>True when the server's certificate is checked against the CA.</summary>
    public bool Verifies => Mode is TlsMode.VerifyCa or TlsMode.VerifyFull;

    /// <summary>The URI keys this type reads for the engine: they are not passed on to the driver as they are.</summary>
    public static IReadOnlySet<string> Keys(DatabaseEngine engine) => engine == DatabaseEngine.Postgres
        ? new HashSet<string>(StringComparer.OrdinalIgnoreCase) { PostgresMode, PostgresCa }
        : new HashSet<string>(StringComparer.OrdinalIgnoreCase) { MySqlMode, MySqlCa, MySqlCleartext };

    /// <summary>Reads the engine's TLS keys from a URI's query options; <paramref name="uri"/> only names the URI in errors.</summary>
    public static TlsSettings Parse(DatabaseEngine engine, IReadOnlyDictionary<string, string> options, string uri)
    {
        string? Get(string key) =>
            options.FirstOrDefault(o => string.Equals(o.Key, key, StringComparison.OrdinalIgnoreCase)).Value;
        var postgres = engine == DatabaseEngine.Postgres;
        var modeText = Get(postgres ? PostgresMode : MySqlMode);
        var mode = modeText is null ? TlsMode.Prefer : ParseMode(engine, modeText, uri);
        var ca = Get(postgres ? PostgresCa : MySqlCa) is { Length: > 0 } path ? path : null;
        if (ca is not null && !File.Exists(ca))
            throw new FormatException(
                $"The CA file '{ca}' given in '{uri}' does not exist: give the path of the PEM file of the CA that signed the server's certificate.");
        var cleartext = !postgres && Get(MySqlCleartext) is { } allow && ParseBoolean(allow, uri);
        return new TlsSettings(mode, ca, cleartext);
    }

    private static TlsMode ParseMode(DatabaseEngine engine, string text, string uri) =>
        (engine, text.ToUpperInvariant().Replace('-', '_')) switch
        {
            (DatabaseEngine.Postgres, "DISABLE") or (DatabaseEngine.MySql, "DISABLED") => TlsMode.Disable,
            (DatabaseEngine.Postgres, "PREFER") or (DatabaseEngine.MySql, "PREFERRED") => TlsMode.Prefer,
            (DatabaseEngine.Postgres, "REQUIRE") or (DatabaseEngine.MySql, "REQUIRED") => TlsMode.Require,
            (DatabaseEngine.Postgres, "VERIFY_CA") or (DatabaseEngine.MySql, "VERIFY_CA") => TlsMode.VerifyCa,
            (DatabaseEngine.Postgres, "VERIFY_FULL") or (DatabaseEngine.MySql, "VERIFY_IDENTITY") => TlsMode.VerifyFull,
            (DatabaseEngine.Postgres, _) => throw new FormatException(
                $"sslmode={text} in '{uri}' is not a TLS mode: use disable, prefer, require, verify-ca or verify-full."),
            _ => throw new FormatException(
                $"ssl-mode={text} in '{uri}' is not a TLS mode: use DISABLED, PREFERRED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY."),
        };

    private static bool ParseBoolean(string text, string uri) => text.ToUpperInvariant() switch
    {
        "TRUE" or "1" or "YES" => true,
        "FALSE" or "0" or "NO" or "" => false,
        _ => throw new FormatException($"{MySqlCleartext}={text} in '{uri}' is not true or false."),
    };

    /// <summary>The driver's connection-string keywords (Npgsql or MySqlConnector) for these settings.</summary>
    public IEnumerable<KeyValuePair<string, string>> ConnectionStringKeywords(DatabaseEngine engine)
    {
        var postgres = engine == DatabaseEngine.Postgres;
        yield return new(postgres ? "SSL Mode" : "SslMode", (postgres, Mode) switch
        {
            (_, TlsMode.VerifyCa) => "VerifyCA",
            (_, TlsMode.VerifyFull) => "VerifyFull",
            (true, _) => Mode.ToString(),
            (false, TlsMode.Disable) => "None",
            (false, TlsMode.Prefer) => "Preferred",
            (false, _) => "Required",
        });
        if (CaFile is not null)
            yield return new(postgres ? "Root Certificate" : "SslCa", CaFile);
    }
}
