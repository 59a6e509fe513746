using System.Data.Common;
using System.Security.Authentication;

namespace Cdc.Connections;

/// <summary>
/// A connection that failed for a TLS reason: the server's certificate failed the check (signed by another CA than the
/// one trusted, issued for another host name, expired), the TLS handshake failed (a plain port dialled with TLS), or the
/// server offers no TLS where the URI requires it. None of these passes by retrying, so the capturer and the applier stop
/// on them (exit code 1) with <see cref="Explain(DatabaseUri, string, string)"/>'s message instead of retrying for ever.
/// Found in an exception's chain whoever wrapped it: .NET's <see cref="AuthenticationException"/> (under Npgsql's and
/// MySqlConnector's exceptions, and under RabbitMQ.Client's BrokerUnreachableException through an AggregateException),
/// and the drivers' own refusals of a server without TLS, which carry no inner exception.
/// </summary>
/// <param name="Reason">What the TLS layer or the driver said.</param>
/// <param name="ServerWithoutTls">The server offers no TLS at all (rather than a certificate or handshake failure).</param>
public sealed record TlsRefusal(string Reason, bool ServerWithoutTls = false)
{
    /// <summary>What Npgsql (sslmode=require and up) and MySqlConnector (REQUIRED and up) say of a server without TLS.</summary>
    private static readonly string[] NoTlsTexts = ["No SSL enabled connection", "Server does not support SSL"];

    /// <summary>The TLS failure in <paramref name="error"/>'s chain, or null when it failed for another reason.</summary>
    public static TlsRefusal? In(Exception error) => error switch
    {
        AuthenticationException tls => new TlsRefusal(tls.Message),
        DbException db when NoTlsTexts.Any(text => db.Message.Contains(text, StringComparison.OrdinalIgnoreCase)) =>
            new TlsRefusal($"the server offers no TLS ({db.Message.TrimEnd('.')})", ServerWithoutTls: true),
        AggregateException many => many.InnerExceptions.Select(In).FirstOrDefault(found => found is not null),
        _ => error.InnerException is { } inner ? In(inner) : null,
    };

    /// <summary>What failed at a database (<paramref name="role"/>: source, target), why, and the URI options that fix it.</summary>
    public string Explain(DatabaseUri database, string role, string process)
    {
        var postgres = database.Engine == DatabaseEngine.Postgres;
        var fix = ServerWithoutTls
            ? postgres
                ? "Turn TLS on at the server (ssl = on, ssl_cert_file, ssl_key_file in postgresql.conf), or, on a network you trust, choose sslmode=prefer or disable in the URI."
                : "Turn TLS on at the server (ssl_cert, ssl_key in its configuration), or, on a network you trust, choose ssl-mode=PREFERRED or DISABLED in the URI."
            : postgres
                ? "Give the PEM file of the CA that signed the server's certificate in the URI (sslmode=verify-full&sslrootcert=/path/ca.pem; verify-ca does " +
                  "not check the host name), and check that the certificate is issued for the host name of the URI and not expired."
                : "Give the PEM file of the CA that signed the server's certificate in the URI (ssl-mode=VERIFY_IDENTITY&ssl-ca=/path/ca.pem; VERIFY_CA does " +
                  "not check the host name), and check that the certificate is issued for the host name of the URI and not expired.";
        return $"TLS to the {role} {database} failed: {Reason.TrimEnd('.')}. {Stops(process)} {fix}";
    }

    /// <summary>What failed at the broker (<paramref name="broker"/>, its URI without password), why, and the fix.</summary>
    public string Explain(string broker, string process) =>
        $"TLS to the broker {broker} failed: {Reason.TrimEnd('.')}. {Stops(process)} " +
        "Give the PEM file of the CA that signed the broker's certificate in the URI (amqps://user:password@host:5671/vhost?cacertfile=/path/ca.pem), " +
        "check that the certificate is issued for the host name of the URI and not expired and that the port is the broker's TLS port (listeners.ssl), " +
        "or use amqp:// for a broker without TLS.";

    private static string Stops(string process) =>
        $"A certificate or TLS setting does not change by itself, so the {process} stops instead of retrying.";
}
