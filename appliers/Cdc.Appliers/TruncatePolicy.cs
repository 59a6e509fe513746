namespace Cdc.Appliers;

/// <summary>
/// What an applier does with a source TRUNCATE. Whatever the policy, a truncate from one stream never deletes rows that
/// another stream wrote: the target records which streams write each table (<see cref="Writing.TableFeeds"/>).
/// </summary>
public enum TruncatePolicy
{
    /// <summary>
    /// Truncate a table that only this stream writes; refuse (log, count, show in <c>cdc status</c>, apply everything
    /// else) a truncate of a table that other streams write too.
    /// </summary>
    Auto,

    /// <summary>Refuse every truncate, the same way.</summary>
    Refuse,
}
