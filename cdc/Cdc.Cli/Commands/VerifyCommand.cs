using System.CommandLine;
using Cdc.Cli.Operations;
using Cdc.Cli.Verification;
using Cdc.Model;

namespace Cdc.Cli.Commands;

/// <summary><c>cdc verify</c>: are source and target tables equal?</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var source = new Option<string>("--source") { Description = "The source database: postgres://user:password@host:port/database or mysql://..." };
        var target = new Option<string>("--target") { Description = "The target database: postgres://... or mysql://..." };
        var tables = new Option<string>("--tables") { Description = "Only these tables: schema.table or table, comma-separated (default: every source table with a primary key)." };
        var chunkSize = new Option<int>("--chunk-size") { Description = "Source rows per key range (default 1000): smaller ranges re-read less when few rows differ.", DefaultValueFactory = _ => 1000 };
        var maxKeys = new Option<int>("--max-keys") { Description = "Differing keys printed per table at most (default 50); all are counted.", DefaultValueFactory = _ => 50 };
        var json = CommonOptions.Json();
        var command = new Command("verify", """
            Compare tables of a source and a target database (PostgreSQL or MySQL/MariaDB, in any combination) by primary key:
            row counts, then checksums of primary-key ranges of --chunk-size rows (cut from the source's keys in key order),
            then, for each range whose checksums differ, its rows from both sides, to print the differing keys. Keys are
            ordered alike on both engines whatever their collations: numbers and times by value, text (and uuid, enum) by the
            bytes of its UTF-8 text (COLLATE "C" on PostgreSQL, a binary cast on MariaDB). Values compare by meaning
            (10.50 = 10.5, true = 1). Exit code 0 when every table is equal, 1 when any differs or cannot be compared.
            """) { source, target, tables, chunkSize, maxKeys, json };
        command.SetAction((result, _) => CommandRunner.RunAsync("verify", async ct =>
        {
            if (result.GetValue(chunkSize) < 1)
                throw new UsageException("--chunk-size must be at least 1.");
            var connections = new ConnectionSettings();
            await using var sourceDb = await VerifiedDatabase.OpenAsync(connections.Source(result.GetValue(source)), ct);
            await using var targetDb = await VerifiedDatabase.OpenAsync(connections.Target(result.GetValue(target)), ct);
            var keyed = await sourceDb.TablesWithKeysAsync(ct);
            var chosen = Choose(keyed, result.GetValue(tables));
            var verifier = new TableVerifier(sourceDb, targetDb, result.GetValue(chunkSize));
            var verdicts = new List<TableVerdict>();
            foreach (var (table, key) in chosen)
                verdicts.Add(await verifier.VerifyAsync(table, key, ct));
            var limit = result.GetValue(maxKeys);
            var report = new Report(result.GetValue(json));
            report.Add("Tables", ["table", "source_rows", "target_rows", "chunks", "differing_chunks", "differing_keys", "result"],
                verdicts.Select(v => new object?[] { v.Table.ToString(), v.SourceRows, v.TargetRows, v.Chunks, v.DifferingChunks.Count, v.Differences.Count, v.Equal ? "equal" : v.Problem ?? "differs" }));
            report.Add("Differing chunks", ["table", "from_key", "to_key", "source_rows", "target_rows"],
                verdicts.SelectMany(v => v.DifferingChunks.Select(c => new object?[] { v.Table.ToString(), c.From, c.To, c.SourceRows, c.TargetRows })));
            report.Add("Differences", ["table", "key", "difference"],
                verdicts.SelectMany(v => v.Differences.Take(limit).Select(d => new object?[] { v.Table.ToString(), d.Key, d.Difference })));
            report.Write();
            var unequal = verdicts.Count(v => !v.Equal);
            if (unequal == 0)
                return CommandRunner.Ok;
            await Console.Error.WriteLineAsync($"cdc verify: {unequal} of {verdicts.Count} tables differ between {sourceDb.Uri} and {targetDb.Uri}.");
            return CommandRunner.Failed;
        }));
        return command;
    }

    private static List<(TableId, string[])> Choose(Dictionary<TableId, string[]> keyed, string? only)
    {
        if (only is null)
            return keyed.Select(t => (t.Key, t.Value)).ToList();
        var chosen = new List<(TableId, string[])>();
        foreach (var name in only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var matches = keyed.Where(t => t.Key.ToString() == name || t.Key.Name == name).ToList();
            if (matches.Count == 0)
                throw new OperationFailedException($"Table {name} is not in the source, or has no primary key (verify compares by key).");
            chosen.AddRange(matches.Select(t => (t.Key, t.Value)));
        }
        return chosen;
    }
}
