using System.Diagnostics;
using Cdc.IntegrationTests.Harness;
using RabbitMQ.Client;

namespace Cdc.Bench;

/// <summary>
/// End to end on the test servers: rows committed at a PostgreSQL source (transactions of 100 rows) until all of them
/// are in the target, through real bin/cdc capture and apply processes. Reported next to the broker's ceiling for one
/// record per message measured in the same run (the reason records are packed several to a message), with the peak
/// memory of both processes.
/// </summary>
internal static class PipelineBenchmark
{
    private const int RowsPerTransaction = 100;

    public static async Task<int> RunAsync(int rows)
    {
        var ceiling = await BrokerCeilingAsync(Math.Min(rows, 50_000));
        Console.WriteLine($"broker ceiling, one 300-byte message per record, confirms awaited per 1000: {ceiling:0} msg/s");

        await using var pipeline = await PostgresPipeline.CreateAsync("bench");
        const string table = "CREATE TABLE accounts (id bigint PRIMARY KEY, owner text, balance numeric(12,2), updated timestamptz)";
        await pipeline.Source.ExecuteAsync(table);
        await pipeline.Target.ExecuteAsync(table);
        var capture = pipeline.StartCapture();
        await capture.WaitForOutputAsync("Capturing office", TimeSpan.FromSeconds(60));
        var apply = pipeline.StartApply();
        await apply.WaitForOutputAsync("consumes", TimeSpan.FromSeconds(60));

        var clock = Stopwatch.StartNew();
        for (var first = 0; first < rows; first += RowsPerTransaction)
            await pipeline.Source.ExecuteAsync(
                $"INSERT INTO accounts SELECT i, 'owner ' || i, i * 1.25, now() FROM generate_series({first}, {Math.Min(first + RowsPerTransaction, rows) - 1}) i");
        var written = clock.Elapsed;
        await Eventually.ReachAsync(() => pipeline.Target.ScalarAsync<long>("SELECT count(*) FROM accounts"), n => n == rows,
            TimeSpan.FromMinutes(10), n => $"{n} of {rows} rows applied");
        var replicated = clock.Elapsed;

        var throughput = rows / replicated.TotalSeconds;
        Console.WriteLine($"source: {rows} rows in transactions of {RowsPerTransaction} committed in {written.TotalSeconds:0.0} s ({rows / written.TotalSeconds:0} rows/s)");
        Console.WriteLine($"pipeline end to end: {throughput:0} records/s = {throughput / ceiling:0.00} x the one-record-per-message broker ceiling");
        Console.WriteLine($"replication done {(replicated - written).TotalSeconds:0.0} s after the last source commit");
        Console.WriteLine($"peak RSS: capturer {PeakMegabytes(capture.Id)} MB, applier {PeakMegabytes(apply.Id)} MB");
        return 0;
    }

    private static async Task<double> BrokerCeilingAsync(int messages)
    {
        var stream = $"cdc.bench-ceiling-{Guid.NewGuid():N}";
        await using var connection = await BrokerStreams.ConnectAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(true, true,
            outstandingPublisherConfirmationsRateLimiter: new ThrottlingRateLimiter(4096)));
        await channel.QueueDeclareAsync(stream, true, false, false, new Dictionary<string, object?> { ["x-queue-type"] = "stream" });
        var body = new byte[300];
        var clock = Stopwatch.StartNew();
        var confirms = new List<Task>(1000);
        for (var i = 0; i < messages; i++)
        {
            confirms.Add(channel.BasicPublishAsync("", stream, body).AsTask());
            if (confirms.Count == 1000)
            {
                await Task.WhenAll(confirms);
                confirms.Clear();
            }
        }
        await Task.WhenAll(confirms);
        var rate = messages / clock.Elapsed.TotalSeconds;
        await channel.QueueDeleteAsync(stream);
        return rate;
    }

    private static string PeakMegabytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? "?" : (long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024).ToString();
    }
}
