using CpqSync.Cli;
using CpqSync.Core.Configuration;
using CpqSync.Engine.Connections;
using Microsoft.Extensions.Configuration;

namespace CpqSync.Hosting;

/// <summary>
/// The mappings and preferences a connection starts with: the JSON document named by <c>Sync:ConfigurationFile</c>
/// (the format of <c>cpqsync config export</c>; a mappings-only file gets the default preferences), or the
/// built-in defaults.
/// </summary>
public static class SyncConfigurationSource
{
    public const string FileKey = "Sync:ConfigurationFile";

    /// <summary>The file's mappings (what <c>preview</c> plans with).</summary>
    public static SyncConfiguration Load(IConfiguration configuration, string workingDirectory, SyncConfiguration fallback) =>
        LoadDocument(configuration, workingDirectory, new ConnectionDocument { Mappings = fallback }).Mappings;

    /// <exception cref="CliException">The file is missing or is not a valid document (exit code 2).</exception>
    public static ConnectionDocument LoadDocument(IConfiguration configuration, string workingDirectory, ConnectionDocument fallback)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var file = configuration[FileKey];
        if (string.IsNullOrWhiteSpace(file))
        {
            return fallback;
        }

        var path = Path.GetFullPath(file, workingDirectory);
        try
        {
            return ConnectionDocumentJson.Load(File.ReadAllText(path));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CliException(ExitCodes.Usage, $"Setting {FileKey}: the file {path} does not exist.", e);
        }
        catch (ConnectionDocumentException e)
        {
            throw new CliException(ExitCodes.Usage, $"Setting {FileKey}: {path} is not a valid configuration document: {e.Message}", e);
        }
    }
}
