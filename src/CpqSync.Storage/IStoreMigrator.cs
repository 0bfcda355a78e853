namespace CpqSync.Storage;

/// <summary>Brings the schema up to date. Safe to run from several workers at once.</summary>
public interface IStoreMigrator
{
    /// <summary>
    /// Applies every migration not yet recorded in <c>schema_version</c>, each once, in its own transaction; then checks
    /// that the configured encryption key is the one this database's credentials use (recording it the first time).
    /// </summary>
    /// <exception cref="StorageKeyMismatchException">Another key was recorded: this worker could not read the credentials.</exception>
    /// <returns>The versions applied by this call (empty when the schema was current).</returns>
    Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken);

    /// <summary>The highest applied version, 0 for an empty database.</summary>
    Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken);
}
