using CpqSync.Engine.Tests.Support;
using Xunit.Abstractions;

namespace CpqSync.Engine.Tests;

public sealed class DemoOrderPreviewTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Dump()
    {
        await using var org = await DemoOrg.StartAsync();
        foreach (var (description, id) in await org.ActivatedOrdersAsync())
        {
            var preview = await org.Previewer.PreviewAsync(id, DemoOrg.Configuration, cancellationToken: TestCancellation.Token);
            output.WriteLine($"{description} | calls={preview.Snapshot.SalesforceCalls} | ok={preview.Result.Succeeded} | {string.Join("; ", preview.Result.Errors.Select(e => e.CodeName + ": " + e.Message))} | warn={string.Join(",", preview.Result.Plan?.Warnings.Select(w => w.Code) ?? [])}");
        }
    }
}
