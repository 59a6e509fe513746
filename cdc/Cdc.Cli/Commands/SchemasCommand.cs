using System.CommandLine;
using System.Text.Json;
using Cdc.Streams.Broker;
using Cdc.Schemas.Compatibility;
using Cdc.Schemas.Registry;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cdc.Cli.Commands;

/// <summary><c>cdc schemas list|show|diff</c>: what the schema registry stream cdc.schemas holds. Exit 0 ok, 1 not found or unreachable, 2 usage.</summary>
internal static class SchemasCommand
{
    public static Command Create()
    {
        var broker = CommonOptions.Broker();
        var json = new Option<bool>("--json") { Description = "Print JSON instead of plain lines." };
        var subject = new Argument<string>("subject") { Description = "<office>.<schema>.<table>" };
        var version = new Argument<int?>("version") { Description = "A version number (default: the latest).", Arity = ArgumentArity.ZeroOrOne };
        var first = new Argument<int>("v1") { Description = "The older version." };
        var second = new Argument<int>("v2") { Description = "The newer version." };

        var list = new Command("list", "One line per subject: its latest version, fingerprint and registration time.") { broker, json };
        list.SetAction((result, ct) => WithRegistryAsync(result.GetValue(broker), ct, registry => List(registry, result.GetValue(json))));

        var show = new Command("show", "One version of a subject (the latest by default): its columns, or its Avro schema with --json.") { subject, version, broker, json };
        show.SetAction((result, ct) => WithRegistryAsync(result.GetValue(broker), ct,
            registry => Show(registry, result.GetValue(subject)!, result.GetValue(version), result.GetValue(json))));

        var diff = new Command("diff", "The column changes between two versions of a subject, and which compatibility modes they break.") { subject, first, second, broker, json };
        diff.SetAction((result, ct) => WithRegistryAsync(result.GetValue(broker), ct,
            registry => Diff(registry, result.GetValue(subject)!, result.GetValue(first), result.GetValue(second), result.GetValue(json))));

        return new Command("schemas", "Inspect the schema registry (the stream cdc.schemas).") { list, show, diff };
    }

    private static async Task<int> WithRegistryAsync(string? broker, CancellationToken ct, Func<SchemaRegistry, int> run)
    {
        if (string.IsNullOrWhiteSpace(broker))
        {
            await Console.Error.WriteLineAsync("No broker given: pass --broker amqp://user:password@host:port/%2F.");
            return 2;
        }
        BrokerEndpoint endpoint;
        try
        {
            endpoint = BrokerEndpoint.Parse(broker);
        }
        catch (FormatException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }
        try
        {
            await using var registry = await SchemaRegistry.OpenAsync(endpoint, "cdc schemas", NullLogger.Instance, ct);
            return run(registry);
        }
        catch (Exception e) when (e is RabbitMQ.Client.Exceptions.BrokerUnreachableException or TimeoutException)
        {
            await Console.Error.WriteLineAsync($"Cannot read cdc.schemas on {endpoint}: {e.InnerException?.Message ?? e.Message}. Check --broker and that the broker runs.");
            return 1;
        }
    }

    private static int List(SchemaRegistry registry, bool json)
    {
        var latest = registry.Subjects.Select(s => registry.Latest(s)!).ToArray();
        if (json)
            Console.WriteLine(JsonSerializer.Serialize(latest.Select(s => new
            {
                subject = s.Subject, version = s.Version, fingerprint = s.Fingerprint.ToString("X16"), registered_at = s.RegisteredAt,
            })));
        else
            foreach (var s in latest)
                Console.WriteLine($"{s.Subject} {s.Version} {s.Fingerprint:X16} {s.RegisteredAt:O}");
        return 0;
    }

    private static int Show(SchemaRegistry registry, string subject, int? version, bool json)
    {
        if (Find(registry, subject, version) is not { } schema)
            return 1;
        if (json)
        {
            Console.WriteLine(schema.Json);
            return 0;
        }
        Console.WriteLine($"{schema.Subject} version {schema.Version} fingerprint {schema.Fingerprint:X16} registered {schema.RegisteredAt:O}");
        foreach (var c in schema.Table.Columns)
            Console.WriteLine($"  {c.Name} {c.SourceType}{(c.Nullable ? "" : " NOT NULL")}{(c.Default is null ? "" : $" DEFAULT {c.Default}")}" +
                              $"{(c.IsKey ? " KEY" : "")} ({c.Kind}{(c.SourceId is { } id ? $", source id {id}" : "")})");
        return 0;
    }

    private static int Diff(SchemaRegistry registry, string subject, int first, int second, bool json)
    {
        if (Find(registry, subject, first) is not { } older || Find(registry, subject, second) is not { } newer)
            return 1;
        var changes = SchemaDiff.Between(older.Table, newer.Table);
        var modes = Enum.GetValues<CompatibilityMode>().Where(m => m != CompatibilityMode.None)
            .Select(m => (Mode: m.ToString().ToUpperInvariant(), Violations: CompatibilityRules.Violations(m, changes))).ToArray();
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                subject, from = first, to = second,
                changes = changes.Select(c => new { kind = c.Kind.ToString(), column = c.Column, text = c.ToString() }),
                compatibility = modes.ToDictionary(m => m.Mode, m => m.Violations.Select(v => v.ToString())),
            }));
            return 0;
        }
        Console.WriteLine($"{subject} {first} → {second}: {changes.Count} change(s)");
        foreach (var change in changes)
            Console.WriteLine($"  {change}");
        foreach (var (mode, violations) in modes)
            Console.WriteLine(violations.Count == 0 ? $"{mode}: compatible" : $"{mode}: breaks ({string.Join("; ", violations)})");
        return 0;
    }

    private static RegisteredSchema? Find(SchemaRegistry registry, string subject, int? version)
    {
        var versions = registry.Versions(subject);
        var schema = version is { } v ? versions.FirstOrDefault(s => s.Version == v) : versions.LastOrDefault();
        if (schema is null)
            Console.Error.WriteLine(versions.Count == 0
                ? $"No subject {subject} in cdc.schemas; `cdc schemas list` shows the subjects."
                : $"Subject {subject} has versions 1..{versions[^1].Version}, not {version}.");
        return schema;
    }
}
