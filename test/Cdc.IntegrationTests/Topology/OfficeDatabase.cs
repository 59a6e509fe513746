using System.Diagnostics;
using Npgsql;

namespace Cdc.IntegrationTests.Topology;

/// <summary>
/// One office database of the sample topology, queried for rows as text. The queries use what PostgreSQL and
/// MySQL/MariaDB share (CONCAT_WS, retail.* tables), so one query compares offices on different engines.
/// </summary>
public sealed class OfficeDatabase(string office, string engine, string database, int port)
{
    public string Office { get; } = office;

    public string Engine { get; } = engine;

    public async Task<List<string>> RowsAsync(string sql)
    {
        try
        {
            return Engine == "postgres" ? await PostgresRowsAsync(sql) : await MariaDbRowsAsync(sql);
        }
        catch (PostgresException e) when (e.SqlState == "42P01")
        {
            return []; // a table an applier has not created yet
        }
    }

    public override string ToString() => $"{Office} ({Engine} {database} on port {port})";

    private async Task<List<string>> PostgresRowsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=cdc;Password=cdc;Database={database};Timezone=UTC");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(reader.GetString(0));
        return rows;
    }

    /// <summary>Through the mariadb client: the test project has no MySQL driver of its own.</summary>
    private async Task<List<string>> MariaDbRowsAsync(string sql)
    {
        var info = new ProcessStartInfo("mariadb") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--protocol=TCP", "-h", "127.0.0.1", "-P", port.ToString(), "-u", "cdc", "-N", "-B", "-D", database, "-e", sql })
            info.ArgumentList.Add(argument);
        info.Environment["MYSQL_PWD"] = "cdc";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"mariadb failed on {this}: {await errors}");
        return (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }
}
