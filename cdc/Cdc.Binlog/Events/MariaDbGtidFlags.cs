namespace Cdc.Binlog;

/// <summary>Flags of a MariaDB GTID event (FL_* of Gtid_log_event, https://mariadb.com/kb/en/gtid_event/).</summary>
[Flags]
public enum MariaDbGtidFlags : byte
{
    /// <summary>No flag.</summary>
    None = 0,
    /// <summary>The group is a single statement without BEGIN/COMMIT (e.g. DDL); it ends after its one event.</summary>
    Standalone = 0x01,
    /// <summary>A group commit id follows.</summary>
    GroupCommitId = 0x02,
    /// <summary>The group is transactional (can be rolled back).</summary>
    Transactional = 0x04,
    /// <summary>May be applied in parallel.</summary>
    AllowParallel = 0x08,
    /// <summary>Waited for a row lock on the source.</summary>
    Waited = 0x10,
    /// <summary>The group is DDL.</summary>
    Ddl = 0x20,
    /// <summary>The first part of an XA transaction (XA PREPARE).</summary>
    PreparedXa = 0x40,
    /// <summary>The completion of an XA transaction (XA COMMIT/ROLLBACK).</summary>
    CompletedXa = 0x80,
}
