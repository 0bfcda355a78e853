using System.Net;
using System.Text.Json.Nodes;

namespace CpqSync.Sandbox.Tests.Salesforce.Http;

public class QueryRestTests
{
    [Fact]
    public async Task Query_returns_records_with_attributes_and_done()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();
        await sandbox.CreateAccountAsync("Acme");

        var (status, result) = await sandbox.JsonAsync(HttpMethod.Get, "query?q=" + Uri.EscapeDataString("SELECT Id, Name FROM Account"));

        Assert.Equal(200, status);
        Assert.Equal(1, (int)result!["totalSize"]!);
        Assert.True((bool)result["done"]!);
        Assert.Null(result["nextRecordsUrl"]);
        Assert.Equal("Account", (string?)result["records"]![0]!["attributes"]!["type"]);
        Assert.Equal("Acme", (string?)result["records"]![0]!["Name"]);
    }

    [Fact]
    public async Task Query_pages_through_nextRecordsUrl_with_the_requested_batch_size()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();
        for (var i = 0; i < 450; i++)
        {
            sandbox.Server.Org.Create("Account", new JsonObject { ["Name"] = $"Account {i:D3}" });
        }

        var names = new List<string>();
        var request = new HttpRequestMessage(HttpMethod.Get,
            $"/services/data/{SandboxClient.Version}/query?q=" + Uri.EscapeDataString("SELECT Id, Name FROM Account ORDER BY Name"));
        request.Headers.Add("Sforce-Query-Options", "batchSize=200");
        var page = JsonNode.Parse(await (await sandbox.Http.SendAsync(request)).Content.ReadAsStringAsync())!;
        var pages = 1;
        names.AddRange(page["records"]!.AsArray().Select(r => (string)r!["Name"]!));
        while (!(bool)page["done"]!)
        {
            Assert.Equal(450, (int)page["totalSize"]!);
            var next = (string)page["nextRecordsUrl"]!;
            Assert.Matches($"^/services/data/{SandboxClient.Version}/query/01g[0-9A-Za-z]{{15}}-[0-9]+$", next);
            var more = new HttpRequestMessage(HttpMethod.Get, next);
            more.Headers.Add("Sforce-Query-Options", "batchSize=200");
            page = JsonNode.Parse(await (await sandbox.Http.SendAsync(more)).Content.ReadAsStringAsync())!;
            names.AddRange(page["records"]!.AsArray().Select(r => (string)r!["Name"]!));
            pages++;
        }

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 450).Select(i => $"Account {i:D3}"), names);
    }

    [Fact]
    public async Task Default_batch_is_2000_records()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();
        for (var i = 0; i < 2001; i++)
        {
            sandbox.Server.Org.Create("Account", new JsonObject { ["Name"] = $"A{i}" });
        }

        var (_, page) = await sandbox.JsonAsync(HttpMethod.Get, "query?q=" + Uri.EscapeDataString("SELECT Id FROM Account"));

        Assert.Equal(2000, page!["records"]!.AsArray().Count);
        Assert.False((bool)page["done"]!);
        var (_, last) = await sandbox.JsonAsync(HttpMethod.Get, (string)page["nextRecordsUrl"]!);
        Assert.Single(last!["records"]!.AsArray());
        Assert.True((bool)last["done"]!);
    }

    [Fact]
    public async Task QueryAll_sees_deleted_records_and_query_does_not()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();
        var id = await sandbox.CreateAccountAsync("Gone");
        await sandbox.SendAsync(HttpMethod.Delete, $"sobjects/Account/{id}");
        var soql = Uri.EscapeDataString("SELECT Id FROM Account");

        var (_, query) = await sandbox.JsonAsync(HttpMethod.Get, "query?q=" + soql);
        var (_, queryAll) = await sandbox.JsonAsync(HttpMethod.Get, "queryAll?q=" + soql);

        Assert.Equal(0, (int)query!["totalSize"]!);
        Assert.Equal(1, (int)queryAll!["totalSize"]!);
    }

    [Fact]
    public async Task Count_query_returns_totalSize_and_no_records()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();
        await sandbox.CreateAccountAsync("One");
        await sandbox.CreateAccountAsync("Two");

        var (_, result) = await sandbox.JsonAsync(HttpMethod.Get, "query?q=" + Uri.EscapeDataString("SELECT COUNT() FROM Account"));

        Assert.Equal(2, (int)result!["totalSize"]!);
        Assert.Empty(result["records"]!.AsArray());
    }

    [Fact]
    public async Task Bad_queries_and_locators_get_Salesforce_errors()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();

        await RestAssert.ErrorAsync(await sandbox.GetAsync("query"), HttpStatusCode.BadRequest, "MALFORMED_QUERY");
        await RestAssert.ErrorAsync(await sandbox.GetAsync("query?q=" + Uri.EscapeDataString("SELECT Nope__c FROM Account")),
            HttpStatusCode.BadRequest, "INVALID_FIELD");
        await RestAssert.ErrorAsync(await sandbox.GetAsync("query?q=" + Uri.EscapeDataString("SELECT Id FROM Nope__c")),
            HttpStatusCode.BadRequest, "INVALID_TYPE");
        await RestAssert.ErrorAsync(
            await sandbox.GetAsync("query/01g000000000001AAA-200"), HttpStatusCode.BadRequest, "INVALID_QUERY_LOCATOR");
    }
}
