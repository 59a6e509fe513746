using System.Globalization;
using System.Runtime.CompilerServices;
using Cdc.Binlog.Events;
using Cdc.Binlog.Protocol;

namespace Cdc.Binlog;

/// <summary>
/// A MySQL/MariaDB replication client on its own connection: connects and authenticates, runs simple text
/// queries, then streams binlog events from a position or a GTID state, as a replica would
/// (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_replication.html,
/// https://mariadb.com/kb/en/replication-protocol/).
/// </summary>
/// <remarks>
/// One client reads one dump: after <c>ReadEventsAsync</c> starts, the connection only carries events, so run
/// queries before it (or on another client). Cancel the enumeration to stop, then dispose the client.
/// Receiving is separate from acknowledging: the caller persists <see cref="BinlogEvent.NextPosition"/> (or GTIDs)
/// once it has handled an event, and resumes from that later. Not thread-safe: one operation at a time.
/// </remarks>
public sealed class BinlogClient : IAsyncDisposable
{
    private const int ParseError = 1064;
    private readonly ServerConnection _connection;
    private readonly BinlogClientOptions _options;
    private bool _dumpStarted;
    private bool _disposed;

    private BinlogClient(ServerConnection connection, BinlogClientOptions options)
    {
        _connection = connection;
        _options = options;
    }

    /// <summary>The server's version string, e.g. "10.11.19-MariaDB-0+deb12u1-log" or "8.0.36".</summary>
    public string ServerVersion => _connection.Handshake.ServerVersion.Replace("5.5.5-", "", StringComparison.Ordinal);

    /// <summary>True when the server is MariaDB (its GTIDs and events differ from MySQL's).</summary>
    public bool IsMariaDb => _connection.Handshake.IsMariaDb;

    /// <summary>The server's id for this connection (as in SHOW PROCESSLIST).</summary>
    public uint ConnectionId => _connection.Handshake.ConnectionId;

    /// <summary>True when the connection is encrypted with TLS.</summary>
    public bool IsEncrypted => _connection.IsTls;

    /// <summary>Connects, negotiates TLS per <see cref="BinlogClientOptions.SslMode"/> and authenticates.</summary>
    /// <exception cref="BinlogServerException">The server refused, e.g. error 1045 for a wrong password.</exception>
    /// <exception cref="BinlogProtocolException">The server cannot be reached or speaks something unexpected.</exception>
    /// <exception cref="BinlogSecurityException">TLS is not as <see cref="BinlogClientOptions.SslMode"/> requires, or a password would go in clear over unverified TLS.</exception>
    /// <exception cref="TimeoutException">The connection took longer than <see cref="BinlogClientOptions.ConnectTimeout"/>.</exception>
    public static async Task<BinlogClient> ConnectAsync(BinlogClientOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Host);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Port);
        var connection = await ServerConnection.OpenAsync(options, cancellationToken).ConfigureAwait(false);
        return new BinlogClient(connection, options);
    }

    /// <summary>Runs a statement (COM_QUERY) and returns its rows as text; statements without rows give an empty result.</summary>
    /// <exception cref="BinlogServerException">The statement failed.</exception>
    /// <exception cref="InvalidOperationException">The client is already reading events.</exception>
    public Task<QueryResult> QueryAsync(string sql, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sql);
        EnsureCommandMode();
        return _connection.QueryAsync(sql, cancellationToken);
    }

    /// <summary>The server's current binlog file and position (SHOW MASTER STATUS): where new events will be written.</summary>
    /// <exception cref="BinlogProtocolException">Binary logging is off on the server.</exception>
    public async Task<BinlogPosition> GetCurrentPositionAsync(CancellationToken cancellationToken = default)
    {
        QueryResult result;
        try
        {
            result = await QueryAsync("SHOW MASTER STATUS", cancellationToken).ConfigureAwait(false);
        }
        catch (BinlogServerException e) when (e.ErrorCode == ParseError)
        {
            // MySQL 8.4 removed SHOW MASTER STATUS in favour of SHOW BINARY LOG STATUS.
            result = await QueryAsync("SHOW BINARY LOG STATUS", cancellationToken).ConfigureAwait(false);
        }
        if (result.Rows.Count == 0)
            throw new BinlogProtocolException(
                $"Binary logging is off on {_connection.Endpoint} (SHOW MASTER STATUS is empty). Start the server with log_bin, binlog_format=ROW and binlog_row_metadata=FULL.");
        return new BinlogPosition(result.Get(0, "File")!, long.Parse(result.Get(0, "Position")!, CultureInfo.InvariantCulture));
    }

    /// <summary>MariaDB: the GTID of the last transaction written to the binlog, per domain (@@gtid_binlog_pos).</summary>
    public async Task<MariaDbGtidState> GetMariaDbGtidPositionAsync(CancellationToken cancellationToken = default)
    {
        var result = await QueryAsync("SELECT @@GLOBAL.gtid_binlog_pos", cancellationToken).ConfigureAwait(false);
        return MariaDbGtidState.Parse(result.Rows[0][0] ?? "");
    }

    /// <summary>MySQL: the GTIDs of all transactions the server has committed (@@gtid_executed).</summary>
    public async Task<MySqlGtidSet> GetMySqlGtidExecutedAsync(CancellationToken cancellationToken = default)
    {
        var result = await QueryAsync("SELECT @@GLOBAL.gtid_executed", cancellationToken).ConfigureAwait(false);
        return MySqlGtidSet.Parse(result.Rows[0][0] ?? "");
    }

    /// <summary>
    /// Streams events from a binlog file and position (COM_BINLOG_DUMP). The first events are the server's
    /// artificial ROTATE naming the file and the file's FORMAT_DESCRIPTION. Waits for new events until cancelled.
    /// </summary>
    /// <param name="from">Where to start: a position read from <see cref="BinlogEvent.NextPosition"/> or <see cref="GetCurrentPositionAsync"/>.</param>
    /// <param name="cancellationToken">Stops the stream; the enumeration then throws <see cref="OperationCanceledException"/>.</param>
    public IAsyncEnumerable<BinlogEvent> ReadEventsAsync(BinlogPosition from, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(from.File, nameof(from));
        ArgumentOutOfRangeException.ThrowIfLessThan(from.Position, BinlogPosition.FileStart, nameof(from));
        return StartDump(from.File, [], Commands.BinlogDump(from.File, from.Position, DumpFlags(), _options.ServerId), cancellationToken);
    }

    /// <summary>
    /// MariaDB: streams the event groups after the given GTID state (@slave_connect_state, then COM_BINLOG_DUMP).
    /// </summary>
    /// <param name="from">The last GTID handled per domain; <see cref="MariaDbGtidState.Empty"/> for everything the server has.</param>
    /// <param name="cancellationToken">Stops the stream.</param>
    public IAsyncEnumerable<BinlogEvent> ReadEventsAsync(MariaDbGtidState from, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(from);
        if (!IsMariaDb)
            throw new InvalidOperationException($"{_connection.Endpoint} is MySQL {ServerVersion}; MariaDB GTIDs do not apply. Start from a MySqlGtidSet or a BinlogPosition.");
        string[] setup =
        [
            $"SET @slave_connect_state = '{from}'",
            "SET @slave_gtid_strict_mode = 0",
            "SET @slave_gtid_ignore_duplicates = 0",
        ];
        return StartDump("", setup, Commands.BinlogDump("", BinlogPosition.FileStart, DumpFlags(), _options.ServerId), cancellationToken);
    }

    /// <summary>MySQL: streams the transactions not in <paramref name="from"/> (COM_BINLOG_DUMP_GTID).</summary>
    /// <param name="from">The GTIDs already handled; <see cref="MySqlGtidSet.Empty"/> for everything the server has.</param>
    /// <param name="cancellationToken">Stops the stream.</param>
    public IAsyncEnumerable<BinlogEvent> ReadEventsAsync(MySqlGtidSet from, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(from);
        if (IsMariaDb)
            throw new InvalidOperationException($"{_connection.Endpoint} is MariaDB; MySQL GTID sets do not apply. Start from a MariaDbGtidState or a BinlogPosition.");
        return StartDump("", [], Commands.BinlogDumpGtid(from.Encode(), DumpFlags(), _options.ServerId), cancellationToken);
    }

    /// <summary>Closes the connection (COM_QUIT first when no dump is running).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        if (!_dumpStarted)
            await _connection.QuitAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Checks and claims the connection now, when ReadEventsAsync is called; the returned local iterator sets up
    /// the session, sends the dump command and decodes packets only when enumerated.
    /// </summary>
    private IAsyncEnumerable<BinlogEvent> StartDump(string file, string[] setup, byte[] dumpCommand, CancellationToken cancellationToken)
    {
        EnsureCommandMode();
        _dumpStarted = true;
        return Stream(cancellationToken);

        async IAsyncEnumerable<BinlogEvent> Stream([EnumeratorCancellation] CancellationToken token = default)
        {
            var hasChecksum = await PrepareDumpAsync(setup, token).ConfigureAwait(false);
            await _connection.SendCommandAsync(dumpCommand, token).ConfigureAwait(false);
            var decoder = new EventDecoder(file, hasChecksum, _options.VerifyChecksums);
            using var watchdog = CancellationTokenSource.CreateLinkedTokenSource(token);
            while (true)
            {
                // Buffered reads (TLS) may complete without looking at the token: no event after cancellation.
                token.ThrowIfCancellationRequested();
                var packet = await ReadPacketAsync(decoder.CurrentFile, watchdog, token).ConfigureAwait(false);
                switch (packet.Length == 0 ? (byte)0xFE : packet[0])
                {
                    case 0x00:
                        yield return decoder.Decode(packet, 1, packet.Length - 1);
                        break;
                    case 0xFF:
                        throw ServerErrors.FromErrorPacket(packet, $"reading the binlog from {_connection.Endpoint} (in '{decoder.CurrentFile}')");
                    case 0xFE when packet.Length < 9:
                        yield break; // the server ended the dump
                    default:
                        throw new BinlogProtocolException($"Unexpected packet 0x{packet[0]:X2} of {packet.Length} bytes in the binlog stream from {_connection.Endpoint}.");
                }
            }
        }
    }

    /// <summary>Session variables a replica sets before the dump; returns whether events carry a CRC32.</summary>
    private async Task<bool> PrepareDumpAsync(string[] setup, CancellationToken cancellationToken)
    {
        // MySQL 8.0.26+ reads the @source_* names, older servers and MariaDB the @master_* ones: set both on MySQL.
        await _connection.QueryAsync("SET @master_binlog_checksum = @@global.binlog_checksum", cancellationToken).ConfigureAwait(false);
        if (!IsMariaDb)
            await _connection.QueryAsync("SET @source_binlog_checksum = @@global.binlog_checksum", cancellationToken).ConfigureAwait(false);
        var checksum = await _connection.QueryAsync("SELECT @master_binlog_checksum", cancellationToken).ConfigureAwait(false);
        if (IsMariaDb)
            await _connection.QueryAsync("SET @mariadb_slave_capability = 4", cancellationToken).ConfigureAwait(false);
        if (_options.HeartbeatPeriod is { } period)
        {
            var nanoseconds = (long)(period.TotalMilliseconds * 1_000_000);
            await _connection.QueryAsync(string.Create(CultureInfo.InvariantCulture, $"SET @master_heartbeat_period = {nanoseconds}"), cancellationToken).ConfigureAwait(false);
            if (!IsMariaDb)
                await _connection.QueryAsync(string.Create(CultureInfo.InvariantCulture, $"SET @source_heartbeat_period = {nanoseconds}"), cancellationToken).ConfigureAwait(false);
        }
        foreach (var statement in setup)
            await _connection.QueryAsync(statement, cancellationToken).ConfigureAwait(false);
        await RegisterReplicaAsync(cancellationToken).ConfigureAwait(false);
        return string.Equals(checksum.Rows[0][0], "CRC32", StringComparison.OrdinalIgnoreCase);
    }

    private async Task RegisterReplicaAsync(CancellationToken cancellationToken)
    {
        var host = Environment.MachineName;
        await _connection.SendCommandAsync(
            Commands.RegisterReplica(_options.ServerId, host.Length > 60 ? host[..60] : host, _options.User, 0), cancellationToken).ConfigureAwait(false);
        var reply = await _connection.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (ServerErrors.IsError(reply))
            throw ServerErrors.FromErrorPacket(reply, $"registering as replica {_options.ServerId} with {_connection.Endpoint}");
    }

    /// <summary>
    /// Reads one packet. With heartbeats on, the watchdog (linked to the caller's token) is re-armed before each
    /// read: three missed heartbeats mean the connection is dead.
    /// </summary>
    private async ValueTask<byte[]> ReadPacketAsync(string file, CancellationTokenSource watchdog, CancellationToken cancellationToken)
    {
        if (_options.HeartbeatPeriod is not { } period)
            return await _connection.ReadAsync(cancellationToken).ConfigureAwait(false);
        var limit = period * 3 + TimeSpan.FromSeconds(1);
        watchdog.CancelAfter(limit);
        try
        {
            return await _connection.ReadAsync(watchdog.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"No event or heartbeat from {_connection.Endpoint} for {limit} while reading '{file}'. The connection is probably dead: dispose the client and reconnect from the last saved position.");
        }
    }

    private ushort DumpFlags() =>
        IsMariaDb && _options.RequestAnnotateRows ? Commands.DumpSendAnnotateRows : (ushort)0;

    private void EnsureCommandMode()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_dumpStarted)
            throw new InvalidOperationException("This client is reading binlog events; its connection carries nothing else. Use another BinlogClient for queries or a second dump.");
    }
}
