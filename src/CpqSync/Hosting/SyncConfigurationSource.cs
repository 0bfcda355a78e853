using System.Text.Json;
using CpqSync.Cli;
using CpqSync.Core.Configuration;
using Microsoft.Extensions.Configuration;

namespace CpqSync.Hosting;

/// <summary>
/// The mappings and preferences a sync runs with: the JSON document named by <c>Sync:ConfigurationFile</c>
/// (the format of <c>cpqsync config export</c>), or the built-in defaults.
/// </summary>
public static class SyncConfigurationSource
{
    public const string FileKey = "Sync:ConfigurationFile";

    public static SyncConfiguration Load(IConfiguration configuration, string workingDirectory, SyncConfiguration fallback)
    {
        var file = configuration[FileKey];
        if (string.IsNullOrWhiteSpace(file))
        {
            return fallback;
        }

        var path = Path.GetFullPath(file, workingDirectory);
        try
        {
            return ConfigurationJson.Load(File.ReadAllText(path));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CliException(ExitCodes.Usage, $"Setting {FileKey}: the file {path} does not exist.", e);
        }
        catch (Exception e) when (e is JsonException or TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new CliException(ExitCodes.Usage, $"Setting {FileKey}: {path} is not a valid mapping document: {e.Message}", e);
        }
    }
}
