-- What a MySQL capturer needs besides the binlog settings (compose.yaml passes those to mysqld): reading the binlog
-- as a replica does, and reading the tables' metadata. The applier writing into this office needs ALL on retail,
-- which MYSQL_USER already has on MYSQL_DATABASE.
GRANT REPLICATION SLAVE, REPLICATION CLIENT, SELECT ON *.* TO 'cdc'@'%';
