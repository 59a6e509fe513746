namespace Cdc.Binlog;
