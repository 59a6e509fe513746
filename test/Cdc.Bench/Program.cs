using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Cdc.Bench;

[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

// `make bench`: the codec comparison (BenchmarkDotNet) and the end-to-end pipeline run against the test servers.
// Both report ratios measured within one run: absolute figures on this shared machine drift from run to run.
switch (args.FirstOrDefault())
{
    case "codec":
        // In process: the benchmark needs no generated project (which would inherit warnings-as-errors).
        BenchmarkRunner.Run<CodecBenchmarks>(
            DefaultConfig.Instance.AddJob(Job.ShortRun.WithIterationCount(15).WithToolchain(InProcessEmitToolchain.Instance)), args[1..]);
        return 0;
    case "pipeline":
        return await PipelineBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 100_000);
    default:
        Console.Error.WriteLine("usage: Cdc.Bench codec [BenchmarkDotNet options] | pipeline [rows]");
        return 2;
}
