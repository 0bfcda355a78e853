using System.Text.Json.Nodes;

namespace CpqSync.Sandbox.Tests.Salesforce.Http;

public class CompositeRestTests
{
    private const string Root = "/services/data/" + SandboxClient.Version;

    /// <summary>Only a guard against a hang failing as a hang: the tests never wait for it to pass.</summary>
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Subrequests_refer_to_earlier_results_by_referenceId()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();
        var request = Composite(false,
            Sub("POST", $"{Root}/sobjects/Account", "NewAccount", new JsonObject { ["Name"] = "Composite Co" }),
            Sub("POST", $"{Root}/sobjects/Order", "NewOrder",
                new JsonObject { ["AccountId"] = "@{NewAccount.id}", ["EffectiveDate"] = "2026-01-31" }),
            Sub("GET", $"{Root}/query?q=" + Uri.EscapeDataString("SELECT Id, Name FROM Account"), "Accounts", null),
            Sub("GET", $"{Root}/sobjects/Account/@{{Accounts.records[0].Id}}?fields=Name", "ReadBack", null));

        var usageBefore = sandbox.Server.ApiUsage;

        var (status, body) = await sandbox.JsonAsync(HttpMethod.Post, "composite", request);

        Assert.Equal(200, status);
        Assert.Equal(usageBefore + 1, sandbox.Server.ApiUsage);
        var responses = body!["compositeResponse"]!.AsArray();
        Assert.Equal([201, 201, 200, 200], responses.Select(r => (int)r!["httpStatusCode"]!));
        Assert.Equal(["NewAccount", "NewOrder", "Accounts", "ReadBack"], responses.Select(r => (string)r!["referenceId"]!));
        var accountId = (string)responses[0]!["body"]!["id"]!;
        Assert.StartsWith($"{Root}/sobjects/Account/", (string?)responses[0]!["httpHeaders"]!["Location"]);
        Assert.Equal("Composite Co", (string?)responses[3]!["body"]!["Name"]);
        var orderId = (string)responses[1]!["body"]!["id"]!;
        var (_, order) = await sandbox.JsonAsync(HttpMethod.Get, $"sobjects/Order/{orderId}");
        Assert.Equal(accountId, (string?)order!["AccountId"]);
    }

    [Fact]
    public async Task With_allOrNone_a_failed_subrequest_rolls_back_and_halts_the_others()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();
        var request = Composite(true,
            Sub("POST", $"{Root}/sobjects/Account", "First", new JsonObject { ["Name"] = "Kept?" }),
            Sub("POST", $"{Root}/sobjects/Account", "Broken", new JsonObject { ["Industry"] = "No name" }),
            Sub("POST", $"{Root}/sobjects/Account", "Third", new JsonObject { ["Name"] = "Never" }));

        var (status, body) = await sandbox.JsonAsync(HttpMethod.Post, "composite", request);

        Assert.Equal(200, status);
        var responses = body!["compositeResponse"]!.AsArray();
        Assert.Equal("PROCESSING_HALTED", (string?)responses[0]!["body"]![0]!["errorCode"]);
        Assert.Equal("REQUIRED_FIELD_MISSING", (string?)responses[1]!["body"]![0]!["errorCode"]);
        Assert.Equal("PROCESSING_HALTED", (string?)responses[2]!["body"]![0]!["errorCode"]);
        var (_, count) = await sandbox.JsonAsync(HttpMethod.Get, "query?q=" + Uri.EscapeDataString("SELECT COUNT() FROM Account"));
        Assert.Equal(0, (int)count!["totalSize"]!);
    }

    [Fact]
    public async Task An_allOrNone_composite_that_fails_is_never_partly_visible_and_other_requests_do_not_wait_for_it()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();
        var kept = await sandbox.CreateAccountAsync("Before");
        var other = await sandbox.CreateAccountAsync("Other");
        var replayId = sandbox.Server.LatestReplayId;
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var gate = new ManualResetEventSlim(false);
        // Holds the composite once its subrequests ran (two records written, the third failed), before it is undone.
        sandbox.Server.Org.CommitHook = written =>
        {
            if (written.Contains(kept))
            {
                entered.TrySetResult();
                gate.Wait();
            }
        };
        var request = Composite(true,
            Sub("POST", $"{Root}/sobjects/Account", "Created", new JsonObject { ["Name"] = "Partial" }),
            Sub("PATCH", $"{Root}/sobjects/Account/{kept}", "Updated", new JsonObject { ["Name"] = "After" }),
            Sub("POST", $"{Root}/sobjects/Account", "Broken", new JsonObject { ["Industry"] = "No name" }));
        var composite = sandbox.JsonAsync(HttpMethod.Post, "composite", request);
        await entered.Task.WaitAsync(Guard);

        var (_, during) = await sandbox.JsonAsync(HttpMethod.Get, "query?q=" + Uri.EscapeDataString("SELECT Name FROM Account ORDER BY Name"))
            .WaitAsync(Guard);
        var (patched, _) = await sandbox.JsonAsync(HttpMethod.Patch, $"sobjects/Account/{other}", new JsonObject { ["Name"] = "Other 2" })
            .WaitAsync(Guard);

        Assert.Equal(["Before", "Other"], during!["records"]!.AsArray().Select(r => (string)r!["Name"]!));
        Assert.Equal(204, patched);
        Assert.False(composite.IsCompleted, "the held composite finished while held");
        sandbox.Server.Org.CommitHook = null;
        gate.Set();
        var (status, body) = await composite.WaitAsync(Guard);
        Assert.Equal(200, status);
        Assert.Equal(["PROCESSING_HALTED", "PROCESSING_HALTED", "REQUIRED_FIELD_MISSING"],
            body!["compositeResponse"]!.AsArray().Select(r => (string?)r!["body"]![0]!["errorCode"]));
        var (_, after) = await sandbox.JsonAsync(HttpMethod.Get, "query?q=" + Uri.EscapeDataString("SELECT Name FROM Account ORDER BY Name"));
        Assert.Equal(["Before", "Other 2"], after!["records"]!.AsArray().Select(r => (string)r!["Name"]!));
        // One change event, for the other account's update: the rolled-back composite published none.
        Assert.Equal(replayId + 1, sandbox.Server.LatestReplayId);
    }

    [Fact]
    public async Task Without_allOrNone_a_reference_to_a_failed_subrequest_fails_alone()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();
        var request = Composite(false,
            Sub("POST", $"{Root}/sobjects/Account", "Broken", new JsonObject { ["Industry"] = "No name" }),
            Sub("GET", $"{Root}/sobjects/Account/@{{Broken.id}}", "Dependent", null),
            Sub("POST", $"{Root}/sobjects/Account", "Independent", new JsonObject { ["Name"] = "Fine" }));

        var (_, body) = await sandbox.JsonAsync(HttpMethod.Post, "composite", request);

        var responses = body!["compositeResponse"]!.AsArray();
        Assert.Equal([400, 400, 201], responses.Select(r => (int)r!["httpStatusCode"]!));
        Assert.Equal("PROCESSING_HALTED", (string?)responses[1]!["body"]![0]!["errorCode"]);
    }

    [Fact]
    public async Task A_subrequest_may_be_a_collection_but_not_another_composite()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();
        var records = new JsonObject
        {
            ["records"] = new JsonArray(
                new JsonObject { ["attributes"] = new JsonObject { ["type"] = "Account" }, ["Name"] = "Via collection" }),
        };
        var request = Composite(false,
            Sub("POST", $"{Root}/composite/sobjects", "Many", records),
            Sub("POST", $"{Root}/composite", "Nested", new JsonObject { ["compositeRequest"] = new JsonArray() }));

        var (_, body) = await sandbox.JsonAsync(HttpMethod.Post, "composite", request);

        var responses = body!["compositeResponse"]!.AsArray();
        Assert.Equal(200, (int)responses[0]!["httpStatusCode"]!);
        Assert.True((bool)responses[0]!["body"]![0]!["success"]!);
        Assert.Equal(400, (int)responses[1]!["httpStatusCode"]!);
    }

    [Fact]
    public async Task More_than_25_subrequests_are_refused()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();
        var subs = Enumerable.Range(0, 26).Select(i => Sub("GET", $"{Root}/limits", $"L{i}", null)).ToArray();

        var response = await sandbox.SendAsync(HttpMethod.Post, "composite", Composite(false, subs));

        await RestAssert.ErrorAsync(response, System.Net.HttpStatusCode.BadRequest, "LIMIT_EXCEEDED");
    }

    [Fact]
    public async Task More_than_5_queries_in_one_composite_request_are_refused()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();
        var subs = Enumerable.Range(0, 6)
            .Select(i => Sub("GET", $"{Root}/query?q=" + Uri.EscapeDataString("SELECT Id FROM Account"), $"Q{i}", null))
            .ToArray();

        var response = await sandbox.SendAsync(HttpMethod.Post, "composite", Composite(false, subs));

        await RestAssert.ErrorAsync(response, System.Net.HttpStatusCode.BadRequest, "LIMIT_EXCEEDED");
    }

    private static JsonObject Composite(bool allOrNone, params JsonObject[] subrequests) => new()
    {
        ["allOrNone"] = allOrNone,
        ["collateSubrequests"] = false,
        ["compositeRequest"] = new JsonArray(subrequests.Select(s => (JsonNode?)s).ToArray()),
    };

    private static JsonObject Sub(string method, string url, string referenceId, JsonObject? body)
    {
        var sub = new JsonObject { ["method"] = method, ["url"] = url, ["referenceId"] = referenceId };
        if (body is not null)
        {
            sub["body"] = body;
        }

        return sub;
    }
}
