using System.Data.Common;

namespace CpqSync.Storage.Sql;

internal sealed partial class SqlSyncStore : IWebUserStore
{
    private const string WebUserColumns = "id, user_name, password_hash, role, created_at";

    public async Task<bool> AnyUserAsync(CancellationToken cancellationToken) =>
        await ReadAsync(
            db => db.ScalarAsync(null, "SELECT 1 FROM web_users LIMIT 1", cancellationToken),
            cancellationToken).ConfigureAwait(false) is not null;

    public async Task<WebUser?> CreateFirstAdminAsync(string userName, string passwordHash, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userName);
        ArgumentException.ThrowIfNullOrEmpty(passwordHash);
        try
        {
            // The unique index on first_user stops a second first run that passed the NOT EXISTS check concurrently.
            return await WriteAsync(
                async (db, tx) => (await db.QueryAsync(
                    tx,
                    $"""
                    INSERT INTO web_users (id, user_name, normalized_name, password_hash, role, first_user, created_at)
                    SELECT @id, @name, @normalized, @hash, @role, 1, @now
                    WHERE NOT EXISTS (SELECT 1 FROM web_users)
                    RETURNING {WebUserColumns}
                    """,
                    ReadWebUser,
                    cancellationToken,
                    ("id", Id(Guid.NewGuid())), ("name", userName.Trim()), ("normalized", Normalize(userName)), ("hash", passwordHash),
                    ("role", nameof(WebRole.Admin)), ("now", NowMs)).ConfigureAwait(false)).FirstOrDefault(),
                cancellationToken).ConfigureAwait(false);
        }
        catch (DbException ex) when (_dialect.IsUniqueViolation(ex))
        {
            return null;
        }
    }

    public async Task<WebUser> CreateUserAsync(NewWebUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentException.ThrowIfNullOrWhiteSpace(user.UserName);
        ArgumentException.ThrowIfNullOrEmpty(user.PasswordHash);
        try
        {
            return await WriteAsync(
                async (db, tx) => (await db.QueryAsync(
                    tx,
                    $"""
                    INSERT INTO web_users (id, user_name, normalized_name, password_hash, role, first_user, created_at)
                    VALUES (@id, @name, @normalized, @hash, @role, 0, @now)
                    RETURNING {WebUserColumns}
                    """,
                    ReadWebUser,
                    cancellationToken,
                    ("id", Id(Guid.NewGuid())), ("name", user.UserName.Trim()), ("normalized", Normalize(user.UserName)),
                    ("hash", user.PasswordHash), ("role", user.Role.ToString()), ("now", NowMs)).ConfigureAwait(false))[0],
                cancellationToken).ConfigureAwait(false);
        }
        catch (DbException ex) when (_dialect.IsUniqueViolation(ex))
        {
            throw new DuplicateWebUserException(user.UserName.Trim(), ex);
        }
    }

    public Task<WebUser?> FindUserAsync(string userName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userName);
        return ReadAsync(
            async db => (await db.QueryAsync(
                null, $"SELECT {WebUserColumns} FROM web_users WHERE normalized_name = @normalized", ReadWebUser, cancellationToken,
                ("normalized", Normalize(userName))).ConfigureAwait(false)).FirstOrDefault(),
            cancellationToken);
    }

    public Task<WebUser?> GetUserAsync(Guid id, CancellationToken cancellationToken) =>
        ReadAsync(
            async db => (await db.QueryAsync(
                null, $"SELECT {WebUserColumns} FROM web_users WHERE id = @id", ReadWebUser, cancellationToken,
                ("id", Id(id))).ConfigureAwait(false)).FirstOrDefault(),
            cancellationToken);

    public Task<IReadOnlyList<WebUser>> ListUsersAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<WebUser>>(
            async db => await db.QueryAsync(
                null, $"SELECT {WebUserColumns} FROM web_users ORDER BY normalized_name", ReadWebUser, cancellationToken).ConfigureAwait(false),
            cancellationToken);

    public Task<bool> SetPasswordHashAsync(Guid id, string passwordHash, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(passwordHash);
        return WriteAsync(
            async (db, tx) => await db.ExecuteAsync(
                tx, "UPDATE web_users SET password_hash = @hash WHERE id = @id", cancellationToken,
                ("hash", passwordHash), ("id", Id(id))).ConfigureAwait(false) == 1,
            cancellationToken);
    }

    public Task<WebUserRemoval> RemoveUserAsync(Guid id, CancellationToken cancellationToken) =>
        WriteAsync(
            async (db, tx) =>
            {
                // Lock every admin row first, so that two admins removing each other at once leave one (PostgreSQL).
                await db.ExecuteAsync(tx, "UPDATE web_users SET role = role WHERE role = 'Admin'", cancellationToken).ConfigureAwait(false);
                var role = await db.ScalarAsync(tx, "SELECT role FROM web_users WHERE id = @id", cancellationToken, ("id", Id(id))).ConfigureAwait(false);
                if (role is null)
                {
                    return WebUserRemoval.NotFound;
                }

                var removed = await db.ExecuteAsync(
                    tx,
                    """
                    DELETE FROM web_users WHERE id = @id
                      AND (role <> 'Admin' OR (SELECT COUNT(*) FROM web_users WHERE role = 'Admin') > 1)
                    """,
                    cancellationToken,
                    ("id", Id(id))).ConfigureAwait(false);
                if (removed == 0)
                {
                    return WebUserRemoval.LastAdmin;
                }

                // The foreign key cascades too where the backend enforces it.
                await db.ExecuteAsync(tx, "DELETE FROM web_sessions WHERE user_id = @id", cancellationToken, ("id", Id(id))).ConfigureAwait(false);
                return WebUserRemoval.Removed;
            },
            cancellationToken);

    public Task CreateSessionAsync(WebSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentException.ThrowIfNullOrEmpty(session.Id);
        return WriteAsync(
            async (db, tx) =>
            {
                var now = NowMs;
                await db.ExecuteAsync(tx, "DELETE FROM web_sessions WHERE expires_at <= @now", cancellationToken, ("now", now)).ConfigureAwait(false);
                return await db.ExecuteAsync(
                    tx,
                    "INSERT INTO web_sessions (id, user_id, ticket, expires_at, created_at) VALUES (@id, @user, @ticket, @expires, @now)",
                    cancellationToken,
                    ("id", session.Id), ("user", Id(session.UserId)), ("ticket", session.Ticket.ToArray()),
                    ("expires", Db.Ms(session.ExpiresAt)), ("now", now)).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<WebSession?> GetSessionAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return ReadAsync(
            async db => (await db.QueryAsync(
                null,
                "SELECT id, user_id, ticket, expires_at FROM web_sessions WHERE id = @id AND expires_at > @now",
                r => new WebSession(r.GetString(0), Guid.Parse(r.GetString(1)), (byte[])r.GetValue(2), r.Time(3)),
                cancellationToken,
                ("id", id), ("now", NowMs)).ConfigureAwait(false)).FirstOrDefault(),
            cancellationToken);
    }

    public Task<bool> RenewSessionAsync(string id, ReadOnlyMemory<byte> ticket, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return WriteAsync(
            async (db, tx) => await db.ExecuteAsync(
                tx, "UPDATE web_sessions SET ticket = @ticket, expires_at = @expires WHERE id = @id AND expires_at > @now", cancellationToken,
                ("ticket", ticket.ToArray()), ("expires", Db.Ms(expiresAt)), ("id", id), ("now", NowMs)).ConfigureAwait(false) == 1,
            cancellationToken);
    }

    public Task EndSessionAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return WriteAsync(
            (db, tx) => db.ExecuteAsync(tx, "DELETE FROM web_sessions WHERE id = @id", cancellationToken, ("id", id)),
            cancellationToken);
    }

    public Task<int> EndUserSessionsAsync(Guid userId, string? exceptId, CancellationToken cancellationToken) =>
        WriteAsync(
            (db, tx) => db.ExecuteAsync(
                tx, "DELETE FROM web_sessions WHERE user_id = @user AND id <> @except", cancellationToken,
                ("user", Id(userId)), ("except", exceptId ?? "")),
            cancellationToken);

    // Names compare case-insensitively everywhere (both backends), so "Admin" and "admin" are one account.
    private static string Normalize(string userName) => userName.Trim().ToUpperInvariant();

    private static WebUser ReadWebUser(DbDataReader reader) => new(
        Guid.Parse(reader.GetString(0)),
        reader.GetString(1),
        reader.GetString(2),
        Enum.Parse<WebRole>(reader.GetString(3)),
        reader.Time(4));
}
