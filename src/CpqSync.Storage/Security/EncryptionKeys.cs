using System.Security.Cryptography;

namespace CpqSync.Storage.Security;

/// <summary>Finds the credentials' key: from configuration, or from a key file generated beside the data.</summary>
internal static class EncryptionKeys
{
    public const int KeySize = 32;

    public static bool TryParse(string text, out byte[] key)
    {
        key = [];
        var buffer = new byte[KeySize + 3];
        if (!Convert.TryFromBase64String(text.Trim(), buffer, out var written) || written != KeySize)
        {
            return false;
        }

        key = buffer[..KeySize];
        return true;
    }

    /// <summary>Loads the key, creating the key file (mode 0600) when it does not exist yet.</summary>
    /// <param name="defaultDirectory">Where the key file goes when none is configured: the SQLite database's folder.</param>
    public static SecretProtector Load(StorageOptions options, string? defaultDirectory)
    {
        if (!string.IsNullOrWhiteSpace(options.EncryptionKey))
        {
            return TryParse(options.EncryptionKey, out var configured)
                ? new SecretProtector(configured, "the configured Storage:EncryptionKey")
                : throw new InvalidOperationException("Storage:EncryptionKey is not a 32-byte base64 key.");
        }

        var path = options.EncryptionKeyFile;
        if (string.IsNullOrWhiteSpace(path))
        {
            path = defaultDirectory is null
                ? throw new InvalidOperationException("Storage:EncryptionKey or Storage:EncryptionKeyFile is required for this provider.")
                : Path.Combine(defaultDirectory, StorageOptions.DefaultKeyFileName);
        }

        path = Path.GetFullPath(path);
        if (!File.Exists(path))
        {
            TryCreate(path);
        }

        return TryParse(File.ReadAllText(path), out var key)
            ? new SecretProtector(key, $"the key file {path}")
            : throw new InvalidOperationException($"The key file {path} does not hold a {KeySize}-byte base64 key.");
    }

    private static void TryCreate(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = RandomNumberGenerator.GetBytes(KeySize);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Readable by the service's user only, like an SSH private key.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var stream = new FileStream(path, options);
            using var writer = new StreamWriter(stream);
            writer.WriteLine(Convert.ToBase64String(key));
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another worker created it first: everyone uses that one.
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
