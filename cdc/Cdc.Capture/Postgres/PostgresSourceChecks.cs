using System.Net.Sockets;
using Cdc.Connections;
using Cdc.Model;
using Npgsql;
using Npgsql.Replication;
using Cdc.Sql;

namespace Cdc.Capture.Postgres;

/// <summary>
/// What must hold before a PostgreSQL capture starts: the login works, <c>wal_level</c> is <c>logical</c>, the role
/// may replicate, and the publication and slot exist (created when allowed). Each failure says what to run.
/// </summary>
internal static class PostgresSourceChecks
{
    /// <summary>The session settings under which PostgreSQL prints values the way <see cref="Cdc.Values.CanonicalText"/> parses them.</summary>
    public const string TextSettings = ";Timezone=UTC;Options=-c bytea_output=hex -c extra_float_digits=3";

    public static async Task<NpgsqlConnection> ConnectAsync(DatabaseUri source, CancellationToken ct, string settings = "")
    {
        var connection = new NpgsqlConnection(source.ToConnectionString() + settings);
        try
        {
            await connection.OpenAsync(ct);
            return connection;
        }
        catch (PostgresException e) when (e.SqlState is "28P01" or "28000")
        {
            await connection.DisposeAsync();
            throw new CaptureException(
                $"Cannot log in to {source} as '{source.User}': {e.MessageText}. Check the user and password in --source, " +
                "and that pg_hba.conf allows this host.", inner: e);
        }
        catch (PostgresException e) when (e.SqlState == "3D000")
        {
            await connection.DisposeAsync();
            throw new CaptureException($"Database '{source.Database}' does not exist on {source.Host}:{source.Port}: fix the database name in --source.", inner: e);
        }
        catch (NpgsqlException e) when (e.InnerException is SocketException or TimeoutException)
        {
            await connection.DisposeAsync();
            throw new CaptureException($"PostgreSQL at {source.Host}:{source.Port} is unreachable ({e.InnerException!.Message}); check the source URI and that the server runs", retryable: true, inner: e);
        }
    }

    public static async Task CheckAsync(NpgsqlConnection connection, DatabaseUri source, CaptureSettings options, CancellationToken ct)
    {
        await CheckSettingsAsync(connection, source, ct);
        await EnsurePublicationAsync(connection, source, options, ct);
        await EnsureSlotAsync(connection, source, options, ct);
    }

    /// <summary>wal_level and the role's right to replicate: what no capture can do without.</summary>
    public static async Task CheckSettingsAsync(NpgsqlConnection connection, DatabaseUri source, CancellationToken ct)
    {
        var walLevel = (string)(await Scalar(connection, "SHOW wal_level", ct))!;
        if (walLevel != "logical")
            throw new CaptureException(
                $"wal_level is '{walLevel}' on {source}; logical replication needs 'logical'. " +
                "Run ALTER SYSTEM SET wal_level = logical; then restart PostgreSQL.");
        var mayReplicate = (bool)(await Scalar(connection, "SELECT rolreplication OR rolsuper FROM pg_roles WHERE rolname = current_user", ct))!;
        if (!mayReplicate)
            throw new CaptureException(
                $"Role '{source.User}' may not start replication on {source}. As a superuser run: ALTER ROLE {PostgresQuoting.Identifier(source.User)} REPLICATION;");
    }

    /// <summary>Where an applier writing into this database keeps its offsets: the table echo suppression recognises.</summary>
    public static TableId OffsetTable { get; } = new("public", OffsetTableShape.Name);

    /// <summary>
    /// The offset table as the applier creates it (created here first when the publication lists tables, so that it can
    /// be in the publication before any applier writes it).
    /// </summary>
    private const string CreateOffsetTable =
        "CREATE TABLE IF NOT EXISTS public.cdc_offsets (applier varchar(200) NOT NULL, stream varchar(200) NOT NULL, stream_offset bigint NOT NULL, " +
        "source_position varchar(100) NOT NULL, applied_at timestamptz(6) NOT NULL, PRIMARY KEY (applier, stream));";

    public static async Task EnsurePublicationAsync(NpgsqlConnection connection, DatabaseUri source, CaptureSettings options, CancellationToken ct)
    {
        var name = options.Postgres.Publication;
        if (await Scalar(connection, "SELECT puballtables FROM pg_publication WHERE pubname = $1", ct, name) is bool allTables)
        {
            if (!allTables)
                await EnsureOffsetTablePublishedAsync(connection, source, options, ct);
            return;
        }
        var tables = options.TableIds("public");
        var create = tables.Count == 0
            ? $"CREATE PUBLICATION {PostgresQuoting.Identifier(name)} FOR ALL TABLES;"
            : $"{CreateOffsetTable} CREATE PUBLICATION {PostgresQuoting.Identifier(name)} FOR TABLE {string.Join(", ", tables.Append(OffsetTable).Distinct().Select(t => PostgresQuoting.QualifiedName(t.Schema, t.Name)))};";
        if (!options.Postgres.CreateMissing)
            throw new CaptureException(
                $"Publication '{name}' does not exist on {source} and the capturer may not create it (--create-missing false). Run: {create}");
        try
        {
            await using var command = new NpgsqlCommand(create, connection);
            await command.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState == "42501")
        {
            throw new CaptureException(
                $"Publication '{name}' does not exist on {source} and '{source.User}' may not create it ({e.MessageText}). " +
                $"As a superuser (FOR ALL TABLES) or the tables' owner run: {create}", inner: e);
        }
    }

    /// <summary>
    /// A publication that lists its tables must list the offset table too: without it, the transactions an applier
    /// writes into this database reach the capturer without their offset row, are published again, and two offices
    /// that replicate both ways send each other's changes back and forth for ever.
    /// </summary>
    private static async Task EnsureOffsetTablePublishedAsync(NpgsqlConnection connection, DatabaseUri source, CaptureSettings options, CancellationToken ct)
    {
        var name = options.Postgres.Publication;
        var published = () => Scalar(connection, "SELECT 1 FROM pg_publication_tables WHERE pubname = $1 AND schemaname = $2 AND tablename = $3", ct,
            name, OffsetTable.Schema, OffsetTable.Name);
        if (await published() is not null)
            return;
        var alter = $"ALTER PUBLICATION \"{name}\" ADD TABLE \"{OffsetTable.Schema}\".\"{OffsetTable.Name}\";";
        var add = $"{CreateOffsetTable} {alter}";
        if (!options.Postgres.CreateMissing)
            throw new CaptureException(
                $"Publication '{name}' on {source} does not include the applier offset table {OffsetTable}: changes an applier writes into this database " +
                $"would be captured and sent back to where they came from (echo). The capturer may not change it (--create-missing false). Run: {add}");
        try
        {
            await using (var createTable = new NpgsqlCommand(CreateOffsetTable, connection))
                await createTable.ExecuteNonQueryAsync(ct);
            if (await published() is not null) // a publication of the whole schema takes the new table by itself
                return;
            await using var command = new NpgsqlCommand(alter, connection);
            await command.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState == "42501")
        {
            throw new CaptureException(
                $"Publication '{name}' on {source} does not include the applier offset table {OffsetTable} (needed so that an applier's changes are not " +
                $"sent back), and '{source.User}' may not add it ({e.MessageText}). As the publication's owner run: {add}", inner: e);
        }
    }

    private static async Task EnsureSlotAsync(NpgsqlConnection connection, DatabaseUri source, CaptureSettings options, CancellationToken ct)
    {
        var name = options.Postgres.Slot;
        var plugin = await Scalar(connection, "SELECT plugin FROM pg_replication_slots WHERE slot_name = $1", ct, name);
        if (plugin is string existing)
        {
            if (existing != "pgoutput")
                throw new CaptureException($"Replication slot '{name}' on {source} uses plugin '{existing}', not pgoutput. Drop it or name another slot with --slot.");
            return;
        }
        if (!options.Postgres.CreateMissing)
            throw new CaptureException(
                $"Replication slot '{name}' does not exist on {source}. Run: SELECT pg_create_logical_replication_slot('{name}', 'pgoutput');");
        await using var replication = new LogicalReplicationConnection(source.ToConnectionString());
        await replication.Open(ct);
        await replication.CreatePgOutputReplicationSlot(name, temporarySlot: false, slotSnapshotInitMode: LogicalSlotSnapshotInitMode.NoExport, cancellationToken: ct);
    }

    private static async Task<object?> Scalar(NpgsqlConnection connection, string sql, CancellationToken ct, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        return await command.ExecuteScalarAsync(ct);
    }
}
