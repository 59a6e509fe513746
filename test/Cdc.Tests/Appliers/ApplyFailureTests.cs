using System.Net.Sockets;
using Cdc.Appliers;
using Cdc.Schemas.Registry;
using Cdc.Streams.Messages;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace Cdc.Tests.Appliers;

/// <summary>Only what can pass by itself is retried; a bad message stops or is parked; everything else halts the stream.</summary>
public sealed class ApplyFailureTests
{
    public static TheoryData<string, Exception, ApplyFailureKind> Failures() => new()
    {
        { "broker unreachable", new BrokerUnreachableException(new IOException("connection refused")), ApplyFailureKind.Passing },
        { "broker closed the connection", new AlreadyClosedException(new ShutdownEventArgs(ShutdownInitiator.Peer, 320, "CONNECTION_FORCED")), ApplyFailureKind.Passing },
        { "consuming channel closed", new IOException("The broker closed the consuming channel"), ApplyFailureKind.Passing },
        { "socket", new SocketException((int)SocketError.ConnectionReset), ApplyFailureKind.Passing },
        { "timeout", new TimeoutException(), ApplyFailureKind.Passing },
        { "target connection lost", new NpgsqlException("Exception while reading from stream", new IOException("reset")), ApplyFailureKind.Passing },
        { "serialization failure", Postgres("40001"), ApplyFailureKind.Passing },
        { "deadlock", Postgres("40P01"), ApplyFailureKind.Passing },
        { "lock not available", Postgres("55P03"), ApplyFailureKind.Passing },
        { "statement timeout", Postgres("57014"), ApplyFailureKind.Passing },
        { "admin shutdown", Postgres("57P01"), ApplyFailureKind.Passing },
        { "too many connections", Postgres("53300"), ApplyFailureKind.Passing },
        { "two sessions create one table", Postgres("23505", "pg_type_typname_nsp_index"), ApplyFailureKind.Passing },
        { "two sessions create one table's type", Postgres("42710"), ApplyFailureKind.Passing },
        { "retryable apply error", new ApplyException("another applier holds the lock", retryable: true), ApplyFailureKind.Passing },

        { "foreign message", new ForeignMessageException("it has no cdc-format header"), ApplyFailureKind.BadMessage },
        { "malformed Avro", new InvalidDataException("Malformed Avro int"), ApplyFailureKind.BadMessage },
        { "malformed position", new FormatException("not a source position"), ApplyFailureKind.BadMessage },
        { "value the target refuses", new ApplyException("the target refuses a value", inner: Postgres("23514"), badMessage: true), ApplyFailureKind.BadMessage },

        { "forged record", new ForbiddenRecordException("names another office's subject"), ApplyFailureKind.Halt },
        { "schema never registered", new UnknownSchemaException("head.public.t", 9, TimeSpan.FromSeconds(30)), ApplyFailureKind.Halt },
        { "permission denied at the target", Postgres("42501"), ApplyFailureKind.Halt },
        { "unique violation", Postgres("23505", "items_pkey"), ApplyFailureKind.Halt },
        { "access refused by the broker", new OperationInterruptedException(new ShutdownEventArgs(ShutdownInitiator.Peer, 403, "ACCESS_REFUSED")), ApplyFailureKind.Halt },
        { "forged record, stopped", new ApplyException("forged", inner: new ForbiddenRecordException("forged"), offset: 7), ApplyFailureKind.Halt },
        { "a bug", new NullReferenceException(), ApplyFailureKind.Halt },
        { "a value out of range in the applier", new ArgumentOutOfRangeException("ticks"), ApplyFailureKind.Halt },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Each_failure_is_retried_only_when_it_can_pass_by_itself(string what, Exception failure, ApplyFailureKind expected) =>
        ApplyFailure.Classify(failure).Should().Be(expected, what);

    [Fact]
    public void Forged_records_and_missing_schemas_are_never_parked()
    {
        ApplyFailure.IsBadMessage(new ForeignMessageException("junk")).Should().BeTrue();
        ApplyFailure.IsBadMessage(new InvalidDataException("truncated")).Should().BeTrue();
        ApplyFailure.IsBadMessage(new ForbiddenRecordException("forged")).Should().BeFalse();
        ApplyFailure.IsBadMessage(new UnknownSchemaException("head.public.t", 9, TimeSpan.FromSeconds(30))).Should().BeFalse();
        ApplyFailure.IsBadMessage(new NullReferenceException()).Should().BeFalse();
    }

    private static PostgresException Postgres(string sqlState, string? constraint = null) =>
        new("test", "ERROR", "ERROR", sqlState, constraintName: constraint);
}
