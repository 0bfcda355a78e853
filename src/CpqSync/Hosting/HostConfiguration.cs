using CpqSync.Cli;
using Microsoft.Extensions.Configuration;

namespace CpqSync.Hosting;

/// <summary>
/// The settings every command but <c>sandbox</c> reads, lowest precedence first: <c>appsettings.json</c> beside the
/// executable, <c>appsettings.json</c> in the working directory, the <c>--config</c> file, then environment
/// variables prefixed <c>CPQSYNC_</c> (<c>CPQSYNC_Stripe__ApiBase</c> is <c>Stripe:ApiBase</c>). Below them all, the
/// connection's stored credentials (<see cref="StoredCredentialsLayer"/>) when the host read them: settings override
/// them for the run and never change them.
/// </summary>
public static class HostConfiguration
{
    public const string EnvironmentPrefix = "CPQSYNC_";

    public const string FileName = "appsettings.json";

    /// <param name="overrides">Settings that win over everything (the embedded sandbox's URLs and credentials).</param>
    /// <param name="storedCredentials">The connection's stored credentials, which every other source overrides.</param>
    public static IConfigurationRoot Build(
        CliEnvironment environment,
        FileInfo? configFile,
        IEnumerable<KeyValuePair<string, string?>>? overrides = null,
        StoredCredentialsLayer? storedCredentials = null)
    {
        var builder = new ConfigurationBuilder();
        if (storedCredentials is not null)
        {
            builder.Add(storedCredentials);
        }

        foreach (var directory in new[] { AppContext.BaseDirectory, environment.WorkingDirectory }.Distinct(StringComparer.Ordinal))
        {
            builder.AddJsonFile(Path.Combine(directory, FileName), optional: true, reloadOnChange: false);
        }

        if (configFile is not null)
        {
            var path = Path.GetFullPath(configFile.ToString(), environment.WorkingDirectory);
            if (!File.Exists(path))
            {
                throw new CliException(ExitCodes.Usage, $"The configuration file {path} does not exist (--config).");
            }

            builder.AddJsonFile(path, optional: false, reloadOnChange: false);
        }

        builder.AddInMemoryCollection(FromEnvironment(environment.Variables));
        builder.AddInMemoryCollection(overrides ?? []);
        try
        {
            return builder.Build();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException)
        {
            // A JSON syntax error: the message names the file and the line, never a value.
            var reason = e.InnerException is { } inner ? $"{e.Message.TrimEnd('.')}: {inner.Message}" : e.Message;
            throw new CliException(ExitCodes.Usage, $"A configuration file is not valid JSON. {reason}", e);
        }
    }

    /// <summary>The same mapping as .NET's environment variables provider with a prefix: strip it, <c>__</c> → <c>:</c>.</summary>
    private static IEnumerable<KeyValuePair<string, string?>> FromEnvironment(IReadOnlyDictionary<string, string> variables) =>
        variables
            .Where(v => v.Key.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase) && v.Key.Length > EnvironmentPrefix.Length)
            .Select(v => new KeyValuePair<string, string?>(
                v.Key[EnvironmentPrefix.Length..].Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), v.Value));
}
