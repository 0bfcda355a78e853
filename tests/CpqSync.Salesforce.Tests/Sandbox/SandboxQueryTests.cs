using System.Net;
using System.Text.Json.Nodes;
using CpqSync.Salesforce.Tests.Support;

namespace CpqSync.Salesforce.Tests.Sandbox;

/// <summary>Queries against the emulated org: paging, counts, errors, usage and injection attempts.</summary>
public class SandboxQueryTests
{
    [Fact]
    public async Task A_query_streams_every_page_through_next_records_url()
    {
        await using var session = await SandboxSession.StartAsync();
        var accounts = Enumerable.Range(0, 450).Select(i => new JsonObject { ["Name"] = $"Account {i:D3}" }).ToList();
        var created = await session.Client.CreateManyAsync("Account", accounts, cancellationToken: TestCancellation.Token);
        Assert.All(created, r => Assert.True(r.Success));

        var first = await session.Client.QueryPageAsync(Soql.Query($"SELECT Id, Name FROM Account ORDER BY Name"), 200, TestCancellation.Token);
        var names = new List<string>();
        await foreach (var record in session.Client.QueryAsync(Soql.Query($"SELECT Id, Name FROM Account ORDER BY Name"), 200, TestCancellation.Token))
        {
            names.Add(record["Name"]!.GetValue<string>());
        }

        Assert.Equal(450, first.TotalSize);
        Assert.Equal(200, first.Records.Count);
        Assert.False(first.Done);
        Assert.StartsWith("/services/data/v62.0/query/", first.NextRecordsUrl, StringComparison.Ordinal);
        Assert.Equal(accounts.Select(a => a["Name"]!.GetValue<string>()), names);
    }

    [Fact]
    public async Task Query_all_includes_deleted_records()
    {
        await using var session = await SandboxSession.StartAsync();
        var id = (await session.Client.CreateAsync("Account", new JsonObject { ["Name"] = "Gone" }, TestCancellation.Token)).Id!;
        await session.Client.DeleteAsync("Account", id, TestCancellation.Token);

        var live = await session.Client.CountAsync(Soql.Query($"SELECT COUNT() FROM Account WHERE Id = {id}"), TestCancellation.Token);
        var all = new List<JsonObject>();
        await foreach (var record in session.Client.QueryAllAsync(Soql.Query($"SELECT Id, IsDeleted FROM Account WHERE Id = {id}"), cancellationToken: TestCancellation.Token))
        {
            all.Add(record);
        }

        Assert.Equal(0, live);
        Assert.True(Assert.Single(all)["IsDeleted"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Hostile_values_match_literally_and_return_no_extra_rows()
    {
        await using var session = await SandboxSession.StartAsync();
        string[] names = ["Alpha", "Beta", "Bob's BBQ", "50% off", "back\\slash"];
        await session.Client.CreateManyAsync("Account", names.Select(n => new JsonObject { ["Name"] = n }).ToList(), cancellationToken: TestCancellation.Token);

        var injected = await session.Client.CountAsync(Soql.Query($"SELECT COUNT() FROM Account WHERE Name = {"' OR Name != '"}"), TestCancellation.Token);
        var injectedIn = await session.Client.CountAsync(
            Soql.Query($"SELECT COUNT() FROM Account WHERE Name IN {new[] { "x') OR (Name != 'x" }}"), TestCancellation.Token);
        var quote = await session.Client.CountAsync(Soql.Query($"SELECT COUNT() FROM Account WHERE Name = {"Bob's BBQ"}"), TestCancellation.Token);
        var backslash = await session.Client.CountAsync(Soql.Query($"SELECT COUNT() FROM Account WHERE Name = {"back\\slash"}"), TestCancellation.Token);
        var percent = await session.Client.CountAsync(
            Soql.Query($"SELECT COUNT() FROM Account WHERE Name LIKE {SoqlLikePattern.Contains("%")}"), TestCancellation.Token);
        var wildcard = await session.Client.CountAsync(
            Soql.Query($"SELECT COUNT() FROM Account WHERE Name LIKE {SoqlLikePattern.StartsWith("_eta")}"), TestCancellation.Token);

        Assert.Equal(0, injected);
        Assert.Equal(0, injectedIn);
        Assert.Equal(1, quote);
        Assert.Equal(1, backslash);
        Assert.Equal(1, percent);
        Assert.Equal(0, wildcard);
    }

    [Fact]
    public async Task A_bad_query_surfaces_salesforces_error_code()
    {
        await using var session = await SandboxSession.StartAsync();

        var malformed = await Assert.ThrowsAsync<SalesforceApiException>(() =>
            session.Client.CountAsync(Soql.Query($"SELECT FROM Account"), TestCancellation.Token));
        var badField = await Assert.ThrowsAsync<SalesforceApiException>(() =>
            session.Client.CountAsync(Soql.Query($"SELECT Id, NoSuchField__c FROM Account"), TestCancellation.Token));

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("MALFORMED_QUERY", malformed.ErrorCode);
        Assert.False(malformed.IsTransient);
        Assert.Equal("INVALID_FIELD", badField.ErrorCode);
        Assert.Contains("NoSuchField__c", badField.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Relationship_fields_and_subqueries_come_back_nested()
    {
        await using var session = await SandboxSession.StartAsync();
        var accountId = (await session.Client.CreateAsync("Account", new JsonObject { ["Name"] = "Acme" }, TestCancellation.Token)).Id!;
        await session.Client.CreateAsync(
            "Order", new JsonObject { ["AccountId"] = accountId, ["EffectiveDate"] = "2026-01-31", ["Status"] = "Draft" }, TestCancellation.Token);

        var order = await Single(session, Soql.Query($"SELECT Id, Account.Name FROM Order WHERE AccountId = {accountId}"));
        var account = await Single(session, Soql.Query($"SELECT Name, (SELECT Id, Status FROM Orders) FROM Account WHERE Id = {accountId}"));

        Assert.Equal("Acme", order["Account"]!["Name"]!.GetValue<string>());
        Assert.Equal("Draft", account["Orders"]!["records"]![0]!["Status"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_demo_orgs_orders_read_with_their_account_and_products()
    {
        await using var session = await SandboxSession.StartAsync(seed: "demo");

        var orders = new List<JsonObject>();
        await foreach (var order in session.Client.QueryAsync(
            Soql.Query($"""
                SELECT Id, Status, Account.Name, (SELECT Id, Quantity, PricebookEntry.Product2.Name FROM OrderItems)
                FROM Order WHERE Status = {"Activated"} ORDER BY OrderNumber
                """),
            cancellationToken: TestCancellation.Token))
        {
            orders.Add(order);
        }

        Assert.NotEmpty(orders);
        Assert.All(orders, o =>
        {
            Assert.Equal("Activated", o["Status"]!.GetValue<string>());
            Assert.NotNull(o["Account"]!["Name"]);
            var items = o["OrderItems"]!["records"]!.AsArray();
            Assert.NotEmpty(items);
            Assert.All(items, i => Assert.NotNull(i!["PricebookEntry"]!["Product2"]!["Name"]));
        });
    }

    private static async Task<JsonObject> Single(SandboxSession session, SoqlQuery query)
    {
        var records = new List<JsonObject>();
        await foreach (var record in session.Client.QueryAsync(query, cancellationToken: TestCancellation.Token))
        {
            records.Add(record);
        }

        return Assert.Single(records);
    }

    [Fact]
    public async Task Api_usage_is_read_from_every_response_and_the_limit_is_a_typed_error()
    {
        await using var session = await SandboxSession.StartAsync();
        await session.Client.CountAsync(Soql.Query($"SELECT COUNT() FROM Account"), TestCancellation.Token);
        var afterOne = session.Client.ApiUsage!;
        await session.Client.CountAsync(Soql.Query($"SELECT COUNT() FROM Account"), TestCancellation.Token);
        var limits = await session.Client.GetLimitsAsync(TestCancellation.Token);

        Assert.Equal(100_000, afterOne.Max);
        Assert.True(session.Client.ApiUsage!.Used > afterOne.Used);
        Assert.Equal(session.Server.ApiUsage, session.Client.ApiUsage.Used);
        Assert.Equal(100_000, limits["DailyApiRequests"].Max);

        session.Server.Faults.ExhaustApiLimit();
        var error = await Assert.ThrowsAsync<SalesforceApiException>(() =>
            session.Client.CountAsync(Soql.Query($"SELECT COUNT() FROM Account"), TestCancellation.Token));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal("REQUEST_LIMIT_EXCEEDED", error.ErrorCode);
        // It passes on its own once the rolling 24 hours free calls: the worker retries later (SalesforceTransience).
        Assert.True(error.IsTransient);
        Assert.Equal(0, session.Client.ApiUsage!.Remaining);
    }

    [Fact]
    public async Task Injected_server_errors_and_dropped_connections_are_retried_until_the_query_succeeds()
    {
        await using var session = await SandboxSession.StartAsync(o => o.MaxRetryAttempts = 20);
        await session.Client.CreateAsync("Account", new JsonObject { ["Name"] = "Acme" }, TestCancellation.Token);

        session.Server.Faults.ErrorRate = 0.5;
        var counts = new List<int>();
        for (var i = 0; i < 10; i++)
        {
            counts.Add(await session.Client.CountAsync(Soql.Query($"SELECT COUNT() FROM Account"), TestCancellation.Token));
        }

        session.Server.Faults.ErrorRate = 0;
        session.Server.Faults.DropRate = 0.5;
        for (var i = 0; i < 10; i++)
        {
            counts.Add(await session.Client.CountAsync(Soql.Query($"SELECT COUNT() FROM Account"), TestCancellation.Token));
        }

        Assert.All(counts, c => Assert.Equal(1, c));
        Assert.Contains(session.Logs.Entries, e => e.EventId == SalesforceEventIds.RetryingRequest);
    }

    [Fact]
    public async Task A_create_hit_by_an_injected_error_is_reported_not_repeated()
    {
        await using var session = await SandboxSession.StartAsync();
        await session.Client.Authenticator.GetTokenAsync(TestCancellation.Token);
        session.Server.Faults.ErrorRate = 1;

        var error = await Assert.ThrowsAsync<SalesforceApiException>(() =>
            session.Client.CreateAsync("Account", new JsonObject { ["Name"] = "Acme" }, TestCancellation.Token));

        Assert.True(error.IsTransient);
        Assert.DoesNotContain(session.Logs.Entries, e => e.EventId == SalesforceEventIds.RetryingRequest);
    }
}
