using Cdc.Model;
using Npgsql.Replication.PgOutput.Messages;

namespace Cdc.Capture.Postgres;

/// <summary>An owned copy of a pgoutput Relation message (Npgsql reuses message objects between reads).</summary>
internal sealed record PgRelation(uint Id, TableId Table, bool UsesIndexIdentity, IReadOnlyList<PgRelationColumn> Columns)
{
    public static PgRelation From(RelationMessage message) => new(
        message.RelationId,
        new TableId(message.Namespace, message.RelationName),
        message.ReplicaIdentity == RelationMessage.ReplicaIdentitySetting.IndexWithIndIsReplIdent,
        message.Columns.Select(c => new PgRelationColumn(
            c.ColumnName,
            c.DataTypeId,
            c.TypeModifier,
            c.Flags.HasFlag(RelationMessage.Column.ColumnFlags.PartOfKey))).ToArray());
}

internal sealed record PgRelationColumn(string Name, uint TypeOid, int TypeModifier, bool InIdentity);
