using System.Data.Common;

namespace CpqSync.Storage.Sql;

/// <summary>Small ADO.NET helpers shared by both backends.</summary>
internal static class Db
{
    public static DbCommand Command(this DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // The SQL is assembled from constants; values always travel as parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    public static async Task<int> ExecuteAsync(
        this DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        var command = connection.Command(transaction, sql, parameters);
        await using (command.ConfigureAwait(false))
        {
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public static async Task<object?> ScalarAsync(
        this DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        var command = connection.Command(transaction, sql, parameters);
        await using (command.ConfigureAwait(false))
        {
            var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return value is DBNull ? null : value;
        }
    }

    public static async Task<List<T>> QueryAsync<T>(
        this DbConnection connection, DbTransaction? transaction, string sql, Func<DbDataReader, T> read,
        CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var command = connection.Command(transaction, sql, parameters);
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var rows = new List<T>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rows.Add(read(reader));
                }

                return rows;
            }
        }
    }

    public static string? NullableString(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long Int64(this DbDataReader reader, int ordinal) => Convert.ToInt64(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);

    public static DateTimeOffset Time(this DbDataReader reader, int ordinal) => FromMs(reader.Int64(ordinal));

    public static DateTimeOffset? NullableTime(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : FromMs(reader.Int64(ordinal));

    /// <summary>Times are stored as Unix milliseconds (Salesforce's SystemModstamp precision) so both backends bucket alike.</summary>
    public static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
