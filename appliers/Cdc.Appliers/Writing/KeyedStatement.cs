namespace Cdc.Appliers.Writing;

/// <summary>The statements by key that one multi-row statement can apply for several changes (see <see cref="StatementCoalescer"/>).</summary>
public enum KeyedStatement
{
    /// <summary>An insert, snapshot read or update that keeps the key, as an upsert of the new row.</summary>
    Upsert,

    /// <summary>A delete by the old row's key.</summary>
    Delete,
}
