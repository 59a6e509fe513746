using Cdc.Capture.MySql;
using Cdc.Capture.Postgres;
using Cdc.Connections;

namespace Cdc.Capture.Reading;

/// <summary>
/// Which server a capture reads, recorded on every message it publishes (header <c>cdc-source-id</c>). Positions belong
/// to one server's log, so a capturer attached to another server (one rebuilt or restored from a dump, another cluster)
/// must not go on in the same stream. <see cref="Server"/> must match; <see cref="Detail"/> only informs (PostgreSQL's
/// timeline, which a failover increments while positions keep their meaning).
/// </summary>
/// <param name="Server">PostgreSQL <c>postgresql:&lt;system identifier&gt;</c>; MySQL <c>mysql:&lt;server_uuid&gt;</c>;
/// MariaDB <c>mariadb:&lt;server_uid&gt;:&lt;gtid_domain_id&gt;-&lt;server_id&gt;</c>.</param>
/// <param name="Detail">Informational, e.g. <c>timeline=2</c>; may be empty.</param>
public sealed record SourceIdentity(string Server, string Detail)
{
    public override string ToString() => Detail.Length == 0 ? Server : $"{Server};{Detail}";

    /// <summary>Reads the header's form back.</summary>
    public static SourceIdentity Parse(string text)
    {
        var separator = text.IndexOf(';', StringComparison.Ordinal);
        return separator < 0 ? new SourceIdentity(text, "") : new SourceIdentity(text[..separator], text[(separator + 1)..]);
    }

    /// <summary>Asks the source server who it is.</summary>
    public static Task<SourceIdentity> ReadAsync(CaptureSettings options, DatabaseUri source, CancellationToken ct) => source.Engine switch
    {
        DatabaseEngine.Postgres => PostgresIdentity.ReadAsync(source, ct),
        DatabaseEngine.MySql => MySqlIdentity.ReadAsync(source, options, ct),
        _ => throw new CaptureException($"Capturing from {source.Engine} sources is not supported by this build."),
    };
}
