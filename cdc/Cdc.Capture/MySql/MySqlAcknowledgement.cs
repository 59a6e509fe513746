using Cdc.Binlog;
using Cdc.Capture.Reading;

namespace Cdc.Capture.MySql;

/// <summary>MySQL/MariaDB: the binlog position after a transaction whose records the broker confirmed.</summary>
internal sealed record MySqlAcknowledgement(BinlogPosition Next) : SourceAcknowledgement;
