using System.Diagnostics;
using Npgsql;

namespace CpqSync.Storage.Tests;

/// <summary>
/// The PostgreSQL server for the contract tests: <c>CPQSYNC_TEST_POSTGRES</c> when set, otherwise a throwaway cluster
/// started here with <c>eng/postgres.sh</c> (and stopped at the end). Under CI the variable is required.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    public const string EnvironmentVariable = "CPQSYNC_TEST_POSTGRES";

    private string? _clusterDirectory;
    private int _databases;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            ConnectionString = configured;
            return;
        }

        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
        {
            throw new InvalidOperationException(
                $"{EnvironmentVariable} is not set: under CI the PostgreSQL contract tests need the cluster eng/postgres.sh starts.");
        }

        // Under /tmp, not a private temp folder: the postgres user has to reach it.
        _clusterDirectory = Path.Combine("/tmp", "cpqsync-storage-tests-" + Guid.NewGuid().ToString("N")[..12]);
        var output = await RunScriptAsync("start", _clusterDirectory);
        ConnectionString = output.Trim().Split('\n')[^1];
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_clusterDirectory is not null)
        {
            await RunScriptAsync("stop", _clusterDirectory);
            Directory.Delete(_clusterDirectory, recursive: true);
        }
    }

    /// <summary>A new, empty database for one test, so tests never see one another's rows.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"cpqsync_test_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        await using (var admin = new NpgsqlConnection(ConnectionString))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name}", admin);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    private static async Task<string> RunScriptAsync(string command, string directory)
    {
        var script = Path.Combine(RepositoryRoot(), "eng", "postgres.sh");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { script, command, directory })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0
            ? await stdout
            : throw new InvalidOperationException($"eng/postgres.sh {command} failed ({process.ExitCode}): {await stderr}");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CpqSync.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("CpqSync.slnx not found above " + AppContext.BaseDirectory);
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "postgres";
}
