using CpqSync.Sandbox.Salesforce.Org;
using Microsoft.Extensions.Time.Testing;
using static CpqSync.Sandbox.Tests.Salesforce.Org.OrgFixture;

namespace CpqSync.Sandbox.Tests.Salesforce.Org;

public sealed class PersistenceTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cpqsync-org-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private SalesforceOrg Open(FakeTimeProvider time, string seed = "empty") =>
        SalesforceOrg.Create(new SalesforceOrgOptions { DataDirectory = _directory, Seed = seed }, time);

    [Fact]
    public async Task Records_counters_and_deletions_survive_a_restart()
    {
        var time = new FakeTimeProvider(Start);
        string account, order, line;
        await using (var org = Open(time))
        {
            var (_, entry) = Product(org, price: 12.34m);
            account = org.Create("Account", Json("""{"Name":"Kept","BillingCity":"Paris"}"""));
            order = DraftOrder(org, account);
            line = Line(org, order, entry, quantity: 1.5m, price: 12.34m);
            var gone = Account(org, "Gone");
            org.Delete("Account", gone);
        }

        await using var reopened = Open(time, seed: "demo");
        var json = reopened.Retrieve("OrderItem", line, null, "59.0");
        Assert.Equal(1.5m, (decimal)json["Quantity"]!);
        Assert.Equal(18.51m, (decimal)json["TotalPrice"]!);
        Assert.Equal("2026-03-01", (string?)reopened.Retrieve("Order", order, null, "59.0")["EffectiveDate"]);
        Assert.Equal("Paris", (string?)reopened.Retrieve("Account", account, null, "59.0")["BillingCity"]);
        Assert.Single(reopened.Records("Account", includeDeleted: false));
        Assert.Equal(2, reopened.Records("Account", includeDeleted: true).Count());
        Assert.Equal("00000101", (string?)reopened.Retrieve("Order", DraftOrder(reopened, account), null, "59.0")["OrderNumber"]);
        Assert.NotEqual(account, Account(reopened));
    }

    [Fact]
    public async Task Changes_are_saved_shortly_after_they_happen_without_waiting_for_shutdown()
    {
        var time = new FakeTimeProvider(Start);
        await using var org = Open(time);
        var account = Account(org);

        time.Advance(TimeSpan.FromSeconds(1));

        var file = Path.Combine(_directory, "org.json");
        Assert.True(File.Exists(file));
        Assert.Contains(account, await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        Assert.False(File.Exists(file + ".tmp"));
    }

    [Fact]
    public async Task A_saved_demo_org_reloads_with_every_value_unchanged()
    {
        var time = new FakeTimeProvider(Start);
        Dictionary<string, Dictionary<string, object?>> before;
        await using (var org = Open(time, seed: "demo"))
        {
            before = Snapshot(org);
        }

        await using var reopened = Open(time);

        var after = Snapshot(reopened);
        Assert.Equal(before.Keys, after.Keys);
        foreach (var (id, values) in before)
        {
            Assert.Equal(values.OrderBy(v => v.Key), after[id].OrderBy(v => v.Key));
        }
    }

    [Theory]
    [InlineData("""{"format": 99}""")]
    [InlineData("""{"format": 1, "records": [""")]
    [InlineData("[]")]
    public void A_damaged_data_file_stops_the_start_with_its_path(string content)
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllText(Path.Combine(_directory, "org.json"), content);

        var error = Assert.Throws<InvalidDataException>(() => Open(new FakeTimeProvider(Start)));

        Assert.Contains(Path.Combine(_directory, "org.json"), error.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, Dictionary<string, object?>> Snapshot(SalesforceOrg org) =>
        org.Schema.Objects
            .SelectMany(o => org.Records(o.Name, includeDeleted: true))
            .ToDictionary(r => r.Id, r => r.Values.Where(v => v.Value is not null).ToDictionary(v => v.Key, v => v.Value));
}
