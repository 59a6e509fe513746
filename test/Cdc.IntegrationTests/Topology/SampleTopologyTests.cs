using RabbitMQ.Client;

namespace Cdc.IntegrationTests.Topology;

/// <summary>
/// The sample topology end to end, as <c>make up</c> and <c>make demo</c> run it natively: the head office ends up
/// with every branch's sales, every branch with the head office's products and prices, nothing comes back as an
/// echo, an office's broker user cannot write another office's stream, and <c>down</c> leaves no process behind.
/// </summary>
public sealed class SampleTopologyTests
{
    private const int WorkloadSeconds = 10;
    private const int TransactionsPerSecond = 5; // deploy/sample/workload.sh's default
    private static readonly TimeSpan Convergence = TimeSpan.FromSeconds(60);

    private const string Sales = "SELECT CONCAT_WS('|', sale_no, total) FROM retail.sales WHERE branch = '{0}' ORDER BY sale_no";
    private const string SaleLines = "SELECT CONCAT_WS('|', sale_no, line_no, sku, quantity, unit_price) FROM retail.sale_lines WHERE branch = '{0}' ORDER BY sale_no, line_no";
    private const string Products = "SELECT CONCAT_WS('|', sku, name, category) FROM retail.products ORDER BY sku";
    private const string Prices = "SELECT CONCAT_WS('|', sku, price, currency) FROM retail.prices ORDER BY sku";

    [Fact]
    public async Task Up_and_demo_consolidate_sales_at_the_head_office_and_spread_its_catalogue_without_echo_and_down_leaves_nothing()
    {
        await using var topology = NativeTopology.Create();
        var up = await topology.RunAsync(TimeSpan.FromSeconds(150), "up");
        up.Should().Contain("Try:", "make up ends by saying what runs and what to try");
        var offices = await ActiveOfficesAsync(topology);
        var head = offices.Single(o => o.Role == "head").Database;
        var branches = offices.Where(o => o.Role == "branch").Select(o => o.Database).ToArray();
        branches.Select(b => b.Office).Should().Contain("branch-1");

        await topology.RunAsync(TimeSpan.FromSeconds(WorkloadSeconds + 60), "demo", WorkloadSeconds.ToString());

        foreach (var branch in branches)
        {
            await SameRowsAsync(branch, head, string.Format(Sales, branch.Office), requireRows: true);
            await SameRowsAsync(branch, head, string.Format(SaleLines, branch.Office), requireRows: true);
            await SameRowsAsync(head, branch, Products, requireRows: true);
            await SameRowsAsync(head, branch, Prices, requireRows: true);
        }

        // An echo (an applied change captured again) would keep the streams growing after the workload stopped, and
        // would put more messages into the head office's stream than it wrote transactions.
        var streams = offices.Select(o => $"cdc.{o.Database.Office}").ToArray();
        var before = await TailsAsync(topology, streams);
        await Task.Delay(TimeSpan.FromSeconds(5));
        var after = await TailsAsync(topology, streams);
        after.Should().Equal(before, "no stream may grow once the workload has stopped: {0} then {1}", string.Join(", ", before), string.Join(", ", after));
        var headTransactions = 1 + WorkloadSeconds * TransactionsPerSecond; // the catalogue seed, then the workload
        (after[Array.IndexOf(streams, $"cdc.{head.Office}")] + 1).Should().BeLessThanOrEqualTo(headTransactions,
            "the head office's stream carries the head office's own transactions only, never the branches' sales it applied");

        // deploy/rabbitmq/definitions.json: an office writes only its own stream, the applier user writes nothing.
        (await PublishAsync(topology, "branch-1", "cdc.head", "cdc.head")).Should().Be(403, "branch-1 may not write the head office's stream");
        (await PublishAsync(topology, "branch-1", "", "cdc.head")).Should().Be(403, "nor reach it through the default exchange");
        (await PublishAsync(topology, "applier", "cdc.branch-1", "cdc.branch-1")).Should().Be(403, "the applier user only reads");

        var pids = await topology.RunningPidsAsync();
        pids.Should().HaveCountGreaterThanOrEqualTo(2 + offices.Count * 2, "servers, a capturer per office and the appliers run");
        await topology.RunAsync(TimeSpan.FromSeconds(120), "down");
        pids.Where(pid => Directory.Exists($"/proc/{pid}")).Should().BeEmpty("make down stops every process it started");
        topology.LeftoverProcesses().Should().BeEmpty();
    }

    private static async Task SameRowsAsync(OfficeDatabase from, OfficeDatabase to, string query, bool requireRows)
    {
        await Eventually.ReachAsync(
            async () => (From: await from.RowsAsync(query), To: await to.RowsAsync(query)),
            rows => rows.From.SequenceEqual(rows.To) && (!requireRows || rows.From.Count > 0),
            Convergence,
            rows => $"{query}: {from.Office} has {rows.From.Count} rows, {to.Office} {rows.To.Count}; first of {from.Office} missing at {to.Office}: " +
                    (rows.From.Except(rows.To).FirstOrDefault() ?? "none"));
    }

    /// <summary>Publishes one message as a broker user; returns the reply code the broker closed the channel with (null: accepted).</summary>
    private static async Task<int?> PublishAsync(NativeTopology topology, string user, string exchange, string routingKey)
    {
        await using var connection = await BrokerStreams.ConnectAsync($"amqp://{user}:{user}@127.0.0.1:{topology.BrokerPort}/%2F");
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(
            publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        try
        {
            await channel.BasicPublishAsync(exchange, routingKey, mandatory: true, new BasicProperties(), "not a change"u8.ToArray());
        }
        catch (Exception e) when (e is RabbitMQ.Client.Exceptions.OperationInterruptedException or RabbitMQ.Client.Exceptions.AlreadyClosedException or IOException)
        {
            // the refusal closes the channel: its reply code is the answer
        }
        for (var i = 0; i < 40 && channel.IsOpen; i++)
            await Task.Delay(50);
        return channel.CloseReason?.ReplyCode;
    }

    private static async Task<long[]> TailsAsync(NativeTopology topology, string[] streams)
    {
        var tails = new long[streams.Length];
        for (var i = 0; i < streams.Length; i++)
            tails[i] = await BrokerStreams.TailOffsetAsync(streams[i], topology.Broker) ?? -1;
        return tails;
    }

    /// <summary>The offices of deploy/topology.conf whose capturer runs (a MySQL office runs once bin/cdc supports it).</summary>
    private static async Task<List<(string Role, OfficeDatabase Database)>> ActiveOfficesAsync(NativeTopology topology)
    {
        var status = await topology.RunAsync(TimeSpan.FromSeconds(60), "status");
        var offices = new List<(string, OfficeDatabase)>();
        foreach (var line in await File.ReadAllLinesAsync(Path.Combine(TestServers.RepositoryRoot, "deploy", "topology.conf")))
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words is not ["office", var name, var role, var engine, var database])
                continue;
            if (!status.Split('\n').Any(l => l.StartsWith($"capture-{name} ", StringComparison.Ordinal) && l.Contains(" running ", StringComparison.Ordinal)))
                continue;
            var port = engine == "postgres" ? topology.PgPort : topology.MariaDbPort;
            offices.Add((role, new OfficeDatabase(name, engine, database, port)));
        }
        return offices;
    }
}
