using System.Security.Cryptography;

namespace CpqSync.Storage.Security;

/// <summary>
/// AES-256-GCM for credentials at rest. Layout: version (1 byte), key id (8), nonce (12), tag (16), ciphertext.
/// </summary>
/// <remarks>
/// The key id (a hash of the key, which reveals nothing of it) tells "wrong key" apart from "altered data" for a clear
/// error. The associated data binds a ciphertext to its connection, so copying it to another row fails.
/// </remarks>
internal sealed class SecretProtector
{
    private const byte FormatVersion = 1;
    private const int KeyIdSize = 8;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int HeaderSize = 1 + KeyIdSize + NonceSize + TagSize;

    private readonly byte[] _key;
    private readonly byte[] _keyId;
    private readonly string _keySource;

    public SecretProtector(byte[] key, string keySource)
    {
        _key = key;
        _keySource = keySource;
        _keyId = SHA256.HashData([.. "cpqsync-key-id:"u8, .. key])[..KeyIdSize];
    }

    /// <summary>Identifies the key without revealing it (hex), to check at start-up that every worker uses the same one.</summary>
    public string KeyId => Convert.ToHexStringLower(_keyId);

    /// <summary>Where the key came from, for error messages.</summary>
    public string KeySource => _keySource;

    public byte[] Protect(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var output = new byte[HeaderSize + plaintext.Length];
        output[0] = FormatVersion;
        _keyId.CopyTo(output.AsSpan(1));
        var nonce = output.AsSpan(1 + KeyIdSize, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(HeaderSize), output.AsSpan(1 + KeyIdSize + NonceSize, TagSize), associatedData);
        return output;
    }

    public byte[] Unprotect(ReadOnlySpan<byte> protectedData, ReadOnlySpan<byte> associatedData, string what)
    {
        if (protectedData.Length < HeaderSize || protectedData[0] != FormatVersion)
        {
            throw new StorageKeyMismatchException($"The stored {what} are not in a format this version of CpqSync reads.");
        }

        if (!protectedData.Slice(1, KeyIdSize).SequenceEqual(_keyId))
        {
            throw new StorageKeyMismatchException(
                $"The stored {what} were encrypted with a different key than {_keySource}. " +
                "Configure the original key (Storage:EncryptionKey or Storage:EncryptionKeyFile), or enter the credentials again.");
        }

        var plaintext = new byte[protectedData.Length - HeaderSize];
        try
        {
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(
                protectedData.Slice(1 + KeyIdSize, NonceSize),
                protectedData[HeaderSize..],
                protectedData.Slice(1 + KeyIdSize + NonceSize, TagSize),
                plaintext,
                associatedData);
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new StorageKeyMismatchException($"The stored {what} fail their integrity check: they were altered or copied from elsewhere.", ex);
        }

        return plaintext;
    }

    public override string ToString() => $"SecretProtector {{ key from {_keySource} }}";
}
