using CpqSync.Engine.Tests.Support;
using CpqSync.Engine.Tests.WriteBack;
using CpqSync.Engine.WriteBack;
using Xunit.Abstractions;

namespace CpqSync.Engine.Tests.Sync;

/// <summary>A backfill of the whole demo seed: queued page by page, drained by the worker.</summary>
public sealed class BackfillTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Explore()
    {
        await using var org = await SyncOrg.StartAsync();
        var report = await org.Backfill.RunAsync(org.Connection, since: null, progress: null, TestCancellation.Token);
        output.WriteLine(report.ToString());
        foreach (var (description, id) in await org.ActivatedOrdersAsync())
        {
            var records = await org.SyncRecordsAsync(id);
            output.WriteLine($"{description}: {string.Join(" | ", records.Select(r => $"{r.Text("Resolution_Status__c")} {r.Text("Error_Code__c")} {r.Text("Resolution_Message__c")}"))}");
        }
    }
}
