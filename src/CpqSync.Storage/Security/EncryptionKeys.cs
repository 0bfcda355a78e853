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

    /// <remarks>
    /// The key is written whole to a temporary file, then linked under its name, which fails if the name exists: a
    /// process starting at the same moment reads either no file or the whole key, never a half-written one, and when
    /// two create one each, the first to arrive wins and the other's is dropped.
    /// </remarks>
    private static void TryCreate(string path)
    {
        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var key = RandomNumberGenerator.GetBytes(KeySize);
        try
        {
            using (var stream = new FileStream(temporary, PrivateFiles.CreateNew()))
            using (var writer = new StreamWriter(stream))
            {
                writer.WriteLine(Convert.ToBase64String(key));
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: everyone uses that one.
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            File.Delete(temporary);
        }
    }
}
