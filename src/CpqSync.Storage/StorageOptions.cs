using System.ComponentModel.DataAnnotations;

using CpqSync.Storage.Security;

namespace CpqSync.Storage;

/// <summary>Where the sync engine keeps its state, and the key that encrypts credentials at rest.</summary>
public sealed class StorageOptions : IValidatableObject
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Storage";

    /// <summary>The SQLite provider name: one local file, zero set-up (the default).</summary>
    public const string Sqlite = "sqlite";

    /// <summary>The PostgreSQL provider name: for several workers sharing one queue.</summary>
    public const string Postgres = "postgres";

    /// <summary>The default SQLite database file, relative to the working directory.</summary>
    public const string DefaultSqliteFile = "cpqsync.db";

    /// <summary>The key file's name when it is generated beside the SQLite database.</summary>
    public const string DefaultKeyFileName = "cpqsync.key";

    /// <summary><c>sqlite</c> or <c>postgres</c>. The default value is <c>sqlite</c>.</summary>
    [Required]
    public string Provider { get; set; } = Sqlite;

    /// <summary>
    /// The ADO.NET connection string. The default value is <see langword="null"/>: <c>Data Source=cpqsync.db</c> for
    /// SQLite; required for PostgreSQL.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The credentials' encryption key, 32 bytes in base64. The default value is <see langword="null"/>: the key is read
    /// from <see cref="EncryptionKeyFile"/>.
    /// </summary>
    public string? EncryptionKey { get; set; }

    /// <summary>
    /// The file holding the encryption key, created with owner-only permissions (0600) when missing. The default value
    /// is <see langword="null"/>: <c>cpqsync.key</c> beside the SQLite database. PostgreSQL workers share one key, so
    /// with PostgreSQL either this or <see cref="EncryptionKey"/> is required.
    /// </summary>
    public string? EncryptionKeyFile { get; set; }

    /// <summary>Whether pending schema migrations are applied at start-up. The default value is <see langword="true"/>.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>How long SQLite waits for another writer before giving up. The default value is 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    internal bool IsPostgres => string.Equals(Provider, Postgres, StringComparison.OrdinalIgnoreCase);

    internal bool IsSqlite => string.Equals(Provider, Sqlite, StringComparison.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsSqlite && !IsPostgres)
        {
            yield return new ValidationResult($"Provider must be '{Sqlite}' or '{Postgres}'.", [nameof(Provider)]);
        }

        if (IsPostgres && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult("The postgres provider needs a ConnectionString.", [nameof(ConnectionString)]);
        }

        if (IsPostgres && string.IsNullOrWhiteSpace(EncryptionKey) && string.IsNullOrWhiteSpace(EncryptionKeyFile))
        {
            yield return new ValidationResult(
                "The postgres provider needs EncryptionKey or EncryptionKeyFile: every worker must use the same key.",
                [nameof(EncryptionKey), nameof(EncryptionKeyFile)]);
        }

        // The message never echoes the value: it is a secret.
        if (!string.IsNullOrWhiteSpace(EncryptionKey) && !EncryptionKeys.TryParse(EncryptionKey, out _))
        {
            yield return new ValidationResult(
                $"EncryptionKey must be {EncryptionKeys.KeySize} bytes in base64 (for example the output of `openssl rand -base64 32`).",
                [nameof(EncryptionKey)]);
        }
    }

    /// <summary>Never prints the key.</summary>
    public override string ToString() =>
        $"StorageOptions {{ Provider = {Provider}, EncryptionKey = {(EncryptionKey is null ? "(none)" : "(set)")}, EncryptionKeyFile = {EncryptionKeyFile} }}";
}
