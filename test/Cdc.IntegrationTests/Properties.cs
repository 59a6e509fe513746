// The tests start real capturer and applier processes against shared servers on a 2-core machine; one at a time
// keeps their timing honest and their failures readable.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

// Linux only: the tests start servers and send POSIX signals.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
