namespace CpqSync.Storage.Tests;

public abstract partial class StoreContract
{
    [Fact]
    public async Task An_attempt_stays_started_until_finished_and_a_second_start_adds_its_records()
    {
        var connection = await CreateConnectionAsync();
        var startedAt = Time.GetUtcNow();
        await Store.StartAttemptAsync(
            new StripeWriteAttempt(connection.Id, "801000000000001AAA", new HashSet<string> { "001000000000001AAA" }, startedAt), CancellationToken.None);
        Time.Advance(TimeSpan.FromMinutes(1));
        await Store.StartAttemptAsync(
            new StripeWriteAttempt(connection.Id, "801000000000001AAA", new HashSet<string> { "01t000000000001AAA" }, Time.GetUtcNow()),
            CancellationToken.None);

        var unfinished = Assert.Single(await Store.GetUnfinishedAttemptsAsync(connection.Id, CancellationToken.None));
        Assert.Equal(["001000000000001AAA", "01t000000000001AAA"], unfinished.Creates.Order(StringComparer.Ordinal));
        Assert.Equal(startedAt.ToUnixTimeMilliseconds(), unfinished.StartedAt.ToUnixTimeMilliseconds());

        await Store.FinishAttemptAsync(connection.Id, "801000000000001AAA", CancellationToken.None);

        Assert.Empty(await Store.GetUnfinishedAttemptsAsync(connection.Id, CancellationToken.None));
    }

    [Fact]
    public async Task What_is_known_of_a_stripe_object_keeps_a_field_not_given_again()
    {
        var connection = await CreateConnectionAsync();
        await Store.RecordStripeObjectAsync(new KnownStripeObject(connection.Id, "cus_1", "hash-1", "clock_1"), CancellationToken.None);
        await Store.RecordStripeObjectAsync(new KnownStripeObject(connection.Id, "cus_1", "hash-2", null), CancellationToken.None);

        Assert.Equal(new KnownStripeObject(connection.Id, "cus_1", "hash-2", "clock_1"),
            await Store.FindStripeObjectAsync(connection.Id, "cus_1", CancellationToken.None));
        Assert.Null(await Store.FindStripeObjectAsync(connection.Id, "cus_2", CancellationToken.None));
    }
}
