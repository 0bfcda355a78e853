using System.Data.Common;
using CpqSync.Storage.Security;

namespace CpqSync.Storage.Sql;

/// <summary>
/// <see cref="ISyncStore"/> over plain ADO.NET, in the SQL that SQLite and PostgreSQL both accept
/// (<c>ON CONFLICT</c>, <c>RETURNING</c>, partial indexes); the dialect supplies the rest.
/// </summary>
/// <remarks>
/// Every write runs in one transaction: on SQLite that is <c>BEGIN IMMEDIATE</c> (Microsoft.Data.Sqlite's default),
/// so writers queue behind one another; on PostgreSQL it is READ COMMITTED with row locks.
/// </remarks>
internal sealed partial class SqlSyncStore : ISyncStore
{
    private readonly SqlDialect _dialect;
    private readonly SecretProtector _protector;
    private readonly TimeProvider _time;

    public SqlSyncStore(SqlDialect dialect, SecretProtector protector, TimeProvider time)
    {
        _dialect = dialect;
        _protector = protector;
        _time = time;
    }

    public StoreCapabilities Capabilities => _dialect.Capabilities;

    private long NowMs => Db.Ms(_time.GetUtcNow());

    private async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken cancellationToken)
    {
        var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await read(connection).ConfigureAwait(false);
        }
    }

    private async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> write, CancellationToken cancellationToken)
    {
        var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var result = await write(connection, transaction).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return result;
            }
        }
    }

    private static string Id(Guid id) => id.ToString("D");
}
