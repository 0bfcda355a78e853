namespace CpqSync.Storage.Tests;

public abstract partial class StoreContract
{
    [Fact]
    public async Task A_records_sync_records_are_known_once_a_write_back_saved_them_and_forget_deleted_rows()
    {
        var connection = await CreateConnectionAsync();
        var other = await CreateConnectionAsync("Other org");

        Assert.Empty((await Store.GetSyncRecordRowsAsync(connection.Id, "801A", CancellationToken.None))!);

        await Store.SaveSyncRecordRowsAsync(connection.Id, "801A",
        [
            new SyncRecordRow("801A", "801A-801A", "a0X1", "Error", "2026-12-07T10:00:00.000Z"),
            new SyncRecordRow("801A", "801A-01tB", "a0X2", "Error", "2026-12-07T10:00:00.000Z"),
        ], [], CancellationToken.None);
        await Store.SaveSyncRecordRowsAsync(connection.Id, "801A",
        [
            new SyncRecordRow("801A", "801A-801A", null, "Success", "2026-12-07T11:00:00.000Z"),
        ], ["801A-01tB"], CancellationToken.None);

        var rows = await Store.GetSyncRecordRowsAsync(connection.Id, "801A", CancellationToken.None);
        var row = Assert.Single(rows!);
        Assert.Equal(new SyncRecordRow("801A", "801A-801A", "a0X1", "Success", "2026-12-07T11:00:00.000Z"), row);
        Assert.Empty((await Store.GetSyncRecordRowsAsync(other.Id, "801A", CancellationToken.None))!);
    }
}
