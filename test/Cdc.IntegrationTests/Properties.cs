// The tests start real capturer and applier processes against shared servers on a 2-core machine. Two test classes
// run at a time (most of a test is waiting: for a process to start, a change to arrive), each with names of its own
// (databases, offices, streams, slots); the tests that share the MariaDB binlog run one after another among
// themselves (SharedMariaDbCollection), as do those sharing one applied office (AppliedOfficeCollection).
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerClass, MaxParallelThreads = 2)]

// Linux only: the tests start servers and send POSIX signals.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
