namespace CpqSync.Storage.Security;

/// <summary>Files of the store (the database, its key) are readable by the service's user only, like an SSH private key.</summary>
internal static class PrivateFiles
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Options creating a new file, mode 0600 where the platform has modes; fails when the file exists.</summary>
    public static FileStreamOptions CreateNew()
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        return options;
    }

    /// <summary>
    /// Creates an empty file, mode 0600, unless it exists: SQLite then opens it as a new database and gives its journal
    /// and WAL files the database file's mode.
    /// </summary>
    public static void Ensure(string path)
    {
        if (File.Exists(path))
        {
            return;
        }

        try
        {
            using var created = new FileStream(path, CreateNew());
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first.
        }
    }
}
