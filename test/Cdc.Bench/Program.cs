using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Cdc.Bench;

[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

// `make bench`: the codec comparison (BenchmarkDotNet), the end-to-end pipeline and the target writer alone (apply) run
// against the test servers report ratios measured within one run (absolute figures on this shared machine drift from run to run); the snapshot proof
// (`make bench-snapshot`, also part of `make bench`) checks target == source after a million-row snapshot and reports
// its rows/s and the capturer's peak memory.
switch (args.FirstOrDefault())
{
    case "codec":
        // In process: the benchmark needs no generated project (which would inherit warnings-as-errors).
        BenchmarkRunner.Run<CodecBenchmarks>(
            DefaultConfig.Instance.AddJob(Job.ShortRun.WithIterationCount(15).WithToolchain(InProcessEmitToolchain.Instance)), args[1..]);
        return 0;
    case "pipeline":
        return await PipelineBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 100_000);
    case "apply":
        return await ApplyBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 100_000);
    case "snapshot":
        // Exit code 1 when the target differs from the source: make bench stops there.
        return await SnapshotBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 1_000_000, kill: args.Contains("kill"));
    case "large-transaction":
        // Exit code 1 when a transaction arrives in part or a process's peak memory exceeds 256 MB.
        return await LargeTransactionBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 2_000_000);
    default:
        Console.Error.WriteLine("usage: Cdc.Bench codec [BenchmarkDotNet options] | pipeline [rows] | apply [rows] | snapshot [rows] [kill] | large-transaction [rows]");
        return 2;
}
