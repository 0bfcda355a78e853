using System.Collections;

namespace CpqSync.Hosting;

/// <summary>
/// What the host reads from its process besides the arguments: environment variables and the working directory.
/// Passed in, so a test can run the real entry point with its own environment without touching the process's.
/// </summary>
public sealed record CliEnvironment(IReadOnlyDictionary<string, string> Variables, string WorkingDirectory)
{
    public static CliEnvironment Current()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = entry.Value as string ?? string.Empty;
        }

        return new CliEnvironment(variables, Directory.GetCurrentDirectory());
    }
}
