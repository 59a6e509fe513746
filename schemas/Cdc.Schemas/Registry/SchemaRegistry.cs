using Cdc.Model;
using Cdc.Streams.Broker;
using Cdc.Schemas.Compatibility;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Cdc.Schemas.Registry;

/// <summary>
/// The embedded schema registry: every version of every subject, kept in the stream <c>cdc.schemas</c> on the
/// broker (never truncated). Opening it reads the stream to its end; afterwards it follows new registrations live.
/// Each subject has one writer (its office's capturer), so version numbers need no coordination. Every entry carries
/// the broker user that published it (<c>user-id</c>, checked by the broker) and is kept under that user: a record is
/// decoded only with versions registered by the user that published the record. An entry that is not a valid
/// registration is logged and skipped.
/// </summary>
public sealed partial class SchemaRegistry : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _consumerChannel;
    private readonly StreamCredit _credit;
    private readonly IChannel _publishChannel;
    /// <summary>The largest registry entry read; larger ones are skipped (a table of thousands of columns stays far below).</summary>
    private const int MaxEntryBytes = 4 * 1024 * 1024;

    private readonly ILogger _logger;
    private readonly string _user;
    private readonly Lock _lock = new();
    private readonly SchemaCatalog _catalog = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _publishable;

    private SchemaRegistry(IConnection connection, IChannel consumerChannel, IChannel publishChannel, string user, ILogger logger)
    {
        _user = user;
        _connection = connection;
        _consumerChannel = consumerChannel;
        _credit = new StreamCredit(consumerChannel);
        _publishChannel = publishChannel;
        _logger = logger;
    }

    /// <summary>Connects, reads the registry stream to its current end and keeps following it.</summary>
    public static async Task<SchemaRegistry> OpenAsync(BrokerEndpoint broker, string clientName, ILogger logger, CancellationToken ct)
    {
        var connection = await broker.ConnectAsync($"{clientName} (schema registry)", ct);
        try
        {
            await StreamBroker.DeclareAsync(connection, StreamNames.Schemas, StreamRetention.Forever, ct);
            var tail = await StreamBroker.TailOffsetAsync(connection, StreamNames.Schemas, ct);
            var consumerChannel = await connection.CreateChannelAsync(cancellationToken: ct);
            var publishChannel = await connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct);
            var registry = new SchemaRegistry(connection, consumerChannel, publishChannel, broker.User, logger);
            await registry.FollowAsync(tail, ct);
            LogLoaded(logger, registry.Count, tail ?? -1);
            return registry;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public int Count => _catalog.Count;

    public IReadOnlyList<string> Subjects => _catalog.Subjects;

    /// <summary>A subject's versions registered by <paramref name="publisher"/>, oldest first; without one, by the subject's first publisher (for display).</summary>
    public IReadOnlyList<RegisteredSchema> Versions(string subject, string? publisher = null) => _catalog.Versions(subject, publisher);

    public RegisteredSchema? Latest(string subject, string? publisher = null) => _catalog.Latest(subject, publisher);

    /// <summary>Every version whose fingerprint is this one (logical types do not enter a fingerprint, so several may).</summary>
    public IReadOnlyList<RegisteredSchema> ByFingerprint(ulong fingerprint) => _catalog.ByFingerprint(fingerprint);

    /// <summary>
    /// A subject's version; waits up to <paramref name="patience"/> for the registry to catch up (a capturer
    /// registers before it publishes, but the two streams are read independently), then refuses: a record is
    /// never decoded with a guessed schema. Only versions registered by <paramref name="publisher"/> count.
    /// </summary>
    /// <exception cref="UnknownSchemaException">No such version from that publisher within the patience.</exception>
    /// <exception cref="ForbiddenRecordException">Only other broker users registered that version.</exception>
    public async Task<RegisteredSchema> GetAsync(string subject, int version, string publisher, TimeSpan patience, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (_catalog.Find(subject, version, publisher) is { } found)
                    return found;
                changed = _changed.Task;
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero && _catalog.OtherPublishers(subject, version, publisher) is { Count: > 0 } others)
                throw new ForbiddenRecordException(
                    $"it names schema {subject}@{version}, which broker user {publisher} (who published the record) never registered; " +
                    $"only {string.Join(", ", others)} did: a registry entry written with other credentials is never used");
            if (left <= TimeSpan.Zero)
                throw new UnknownSchemaException(subject, version, patience);
            await changed.WaitAsync(left, ct).ContinueWith(_ => { }, TaskScheduler.Default);
            ct.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// Registers a table definition as its subject's next version unless the latest version already describes it,
    /// and returns the version records of it must name. Returns only after the broker confirmed the registration.
    /// A version that breaks <paramref name="compatibility"/> with the previous one is registered all the same (changes
    /// must keep flowing), with a warning that names the subject, both versions and the offending columns.
    /// </summary>
    public async Task<RegisteredSchema> RegisterAsync(string office, TableDefinition table, CompatibilityMode compatibility, CancellationToken ct)
    {
        var subject = EnvelopeSchema(office, table);
        var latest = Latest(subject, _user);
        if (latest is not null && latest.Table.Equals(table))
            return latest;
        var schema = RegisteredSchema.For(office, table, (latest?.Version ?? 0) + 1, _user);
        if (latest is not null && CompatibilityRules.Violations(compatibility, SchemaDiff.Between(latest.Table, table)) is { Count: > 0 } violations)
            LogIncompatible(_logger, subject, schema.Version, compatibility.ToString().ToUpperInvariant(), latest.Version, string.Join("; ", violations));
        var properties = new BasicProperties
        {
            ContentType = "application/json",
            DeliveryMode = DeliveryModes.Persistent,
            Headers = new Dictionary<string, object?> { ["cdc-subject"] = schema.Subject, ["cdc-version"] = schema.Version },
            UserId = _user, // checked by the broker: readers attribute the entry to these credentials
        };
        // Only writers (capturers) need the registry's exchange: readers may lack the permissions its binding needs.
        if (!_publishable)
        {
            await StreamBroker.EnsurePublishableAsync(_connection, StreamNames.Schemas, ct);
            _publishable = true;
        }
        await _publishChannel.BasicPublishAsync(StreamNames.Schemas, StreamNames.Schemas, mandatory: true, properties, Registration.From(schema).ToBytes(), ct);
        Add(schema);
        LogRegistered(_logger, schema.Subject, schema.Version, schema.Fingerprint);
        return schema;
    }

    public async ValueTask DisposeAsync()
    {
        await _credit.CloseAsync();
        await _publishChannel.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private static string EnvelopeSchema(string office, TableDefinition table) => Mapping.EnvelopeSchema.Subject(office, table.Id);

    private async Task FollowAsync(long? tail, CancellationToken ct)
    {
        var caughtUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (tail is null)
            caughtUp.SetResult();
        await _consumerChannel.BasicQosAsync(0, 1000, false, ct);
        var consumer = new AsyncEventingBasicConsumer(_consumerChannel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            var offset = StreamBroker.DeliveryOffset(delivery);
            try
            {
                if (delivery.Body.Length > MaxEntryBytes)
                    throw new InvalidDataException($"{delivery.Body.Length} bytes, over the limit of {MaxEntryBytes}");
                if (string.IsNullOrEmpty(delivery.BasicProperties.UserId))
                    throw new InvalidDataException("no user-id property: nothing says whose credentials wrote it");
                Add(Registration.FromBytes(delivery.Body.Span).ToSchema(delivery.BasicProperties.UserId));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Junk in the registry (anyone allowed to write it can publish anything) never stops a reader.
                LogBadRegistration(_logger, offset, $"{e.GetType().Name}: {e.Message}");
            }
            await _credit.GrantAsync(delivery.DeliveryTag);
            if (offset >= tail)
                caughtUp.TrySetResult();
        };
        await _consumerChannel.BasicConsumeAsync(StreamNames.Schemas, autoAck: false, consumerTag: "", noLocal: false, exclusive: false,
            arguments: new Dictionary<string, object?> { ["x-stream-offset"] = "first" }, consumer: consumer, cancellationToken: ct);
        await caughtUp.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
    }

    private void Add(RegisteredSchema schema)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            if (!_catalog.Add(schema, out var known))
                return; // our own registration, read back from the stream
            if (known != schema.Version - 1)
                LogGap(_logger, schema.Subject, schema.Version, known);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.SetResult();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Schema registry loaded: {Count} versions up to offset {Tail} of cdc.schemas")]
    private static partial void LogLoaded(ILogger logger, int count, long tail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered schema {Subject} version {Version} (fingerprint {Fingerprint:X16})")]
    private static partial void LogRegistered(ILogger logger, string subject, int version, ulong fingerprint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schema {Subject} version {Version} is not {Mode} compatible with version {Previous}: {Violations}. It is registered all the same; appliers evolve what they can and report the rest")]
    private static partial void LogIncompatible(ILogger logger, string subject, int version, string mode, int previous, string violations);

    [LoggerMessage(Level = LogLevel.Error, Message = "Skipping a malformed registration at offset {Offset} of cdc.schemas: {Reason}")]
    private static partial void LogBadRegistration(ILogger logger, long offset, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schema {Subject} version {Version} arrived after version {Known}: versions in between are missing from cdc.schemas")]
    private static partial void LogGap(ILogger logger, string subject, int version, int known);
}
