using System.Data.Common;
using System.Net.Sockets;
using Cdc.Connections;
using Cdc.Schemas.Registry;
using Cdc.Schemas.Wire;
using RabbitMQ.Client.Exceptions;

namespace Cdc.Appliers;

/// <summary>
/// Which failures of an apply session are retried with backoff and which stop its stream. Only what can pass by itself
/// is retried: lost or refused connections (broker, target; not a TLS refusal), lock timeouts, deadlocks, serialization failures, a server
/// shutting down. A message the applier cannot decode, or a source transaction whose values the target refuses, is a
/// bad message; everything else halts the stream until the operator acts, because retrying it would fail the same way
/// for ever while the stream's later changes wait unseen.
/// </summary>
public static class ApplyFailure
{
    /// <summary>The broker refused an operation for lack of permission (AMQP ACCESS_REFUSED): a grant is missing, retrying does not help.</summary>
    private const int AccessRefused = 403;

    public static ApplyFailureKind Classify(Exception e) => e switch
    {
        ApplyException { Retryable: true } => ApplyFailureKind.Passing,
        ApplyException { BadMessage: true } => ApplyFailureKind.BadMessage,
        ApplyException => ApplyFailureKind.Halt,
        // Before the passing ones: a refused certificate comes wrapped in an IOException, and does not fix itself.
        _ when TlsRefusal.In(e) is not null => ApplyFailureKind.Halt,
        _ when IsBadMessage(e) => ApplyFailureKind.BadMessage,
        _ when Passes(e) => ApplyFailureKind.Passing,
        _ => ApplyFailureKind.Halt,
    };

    /// <summary>
    /// Whether a message that failed to decode (or to pass its checks) is a bad message that may be parked. Not a forged or
    /// unauthorised record (that is an attack or a misconfigured office to look into: its stream stops loudly), nor a
    /// schema version that did not reach the registry in time (the registry may be behind, not the message).
    /// </summary>
    public static bool IsBadMessage(Exception e) =>
        ChangeMessageDecoder.IsUndecodable(e) && e is not (ForbiddenRecordException or UnknownSchemaException);

    private static bool Passes(Exception e) => e switch
    {
        DbException db => db.IsTransient || PassingSqlState(db.SqlState) || CatalogRace(db) || db.InnerException is { } inner && Passes(inner),
        OperationInterruptedException interrupted => interrupted.ShutdownReason?.ReplyCode != AccessRefused,
        RabbitMQClientException or IOException or SocketException or TimeoutException => true,
        // Not the applier stopping (that ends the session before it is classified): a timeout of one call.
        OperationCanceledException => true,
        _ => e.InnerException is { } inner && Passes(inner),
    };

    /// <summary>
    /// Two sessions creating the same table at once (several streams of one applier starting on a new target): PostgreSQL
    /// reports a duplicate in its own catalog (23505 on a <c>pg_*</c> index), a duplicate table (42P07) or type (42710);
    /// the next try finds the table.
    /// </summary>
    private static bool CatalogRace(DbException db) =>
        db is Npgsql.PostgresException { SqlState: "23505", ConstraintName: { } index } && index.StartsWith("pg_", StringComparison.Ordinal)
        || db.SqlState is "42P07" or "42710";

    /// <summary>
    /// SQLSTATE classes 08 (connection), 40 (transaction rollback: serialization failure, deadlock), 53 (insufficient
    /// resources), 57 (operator intervention: shutdown, statement timeout), and 55P03 (lock not available).
    /// </summary>
    private static bool PassingSqlState(string? state) =>
        state is { Length: 5 } && (state[..2] is "08" or "40" or "53" or "57" || state == "55P03");
}
