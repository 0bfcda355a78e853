using System.Net;
using System.Text.Json.Nodes;

namespace CpqSync.Sandbox.Tests.Salesforce.Http;

public class CollectionRestTests
{
    [Fact]
    public async Task Create_update_retrieve_and_delete_several_records_in_one_call_each()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();

        var (createStatus, created) = await sandbox.JsonAsync(HttpMethod.Post, "composite/sobjects", Records(false, "A", "B", "C"));
        var ids = created!.AsArray().Select(r => (string)r!["id"]!).ToArray();
        var update = new JsonObject
        {
            ["records"] = new JsonArray(ids.Select(id => (JsonNode?)new JsonObject
            {
                ["attributes"] = new JsonObject { ["type"] = "Account" },
                ["id"] = id,
                ["Industry"] = "Energy",
            }).ToArray()),
        };
        var (updateStatus, updated) = await sandbox.JsonAsync(HttpMethod.Patch, "composite/sobjects", update);
        var (retrieveStatus, retrieved) = await sandbox.JsonAsync(HttpMethod.Get,
            $"composite/sobjects/Account?ids={string.Join(',', ids)}&fields=Name,Industry");
        var (deleteStatus, deleted) = await sandbox.JsonAsync(HttpMethod.Delete, $"composite/sobjects?ids={string.Join(',', ids)}");

        Assert.Equal((200, 200, 200, 200), (createStatus, updateStatus, retrieveStatus, deleteStatus));
        Assert.All(created.AsArray(), r => Assert.True((bool)r!["success"]!));
        Assert.All(updated!.AsArray(), r => Assert.True((bool)r!["success"]!));
        Assert.Equal(["A", "B", "C"], retrieved!.AsArray().Select(r => (string)r!["Name"]!));
        Assert.All(retrieved.AsArray(), r => Assert.Equal("Energy", (string?)r!["Industry"]));
        Assert.Equal(ids, deleted!.AsArray().Select(r => (string)r!["id"]!));
        Assert.All(deleted.AsArray(), r => Assert.True((bool)r!["success"]!));
    }

    [Fact]
    public async Task Without_allOrNone_each_record_succeeds_or_fails_alone()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();

        var (status, results) = await sandbox.JsonAsync(HttpMethod.Post, "composite/sobjects", Records(false, "Good", null));

        Assert.Equal(200, status);
        Assert.True((bool)results![0]!["success"]!);
        Assert.False((bool)results[1]!["success"]!);
        Assert.Equal("REQUIRED_FIELD_MISSING", (string?)results[1]!["errors"]![0]!["statusCode"]);
        Assert.Equal(1, await CountAccountsAsync(sandbox));
    }

    [Fact]
    public async Task With_allOrNone_one_failure_rolls_back_every_record()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();

        var (status, results) = await sandbox.JsonAsync(HttpMethod.Post, "composite/sobjects", Records(true, "Good", null, "Also good"));

        Assert.Equal(200, status);
        Assert.All(results!.AsArray(), r => Assert.False((bool)r!["success"]!));
        Assert.Equal("ALL_OR_NONE_OPERATION_ROLLED_BACK", (string?)results[0]!["errors"]![0]!["statusCode"]);
        Assert.Equal("REQUIRED_FIELD_MISSING", (string?)results[1]!["errors"]![0]!["statusCode"]);
        Assert.Equal("ALL_OR_NONE_OPERATION_ROLLED_BACK", (string?)results[2]!["errors"]![0]!["statusCode"]);
        Assert.Equal(0, await CountAccountsAsync(sandbox));
    }

    [Fact]
    public async Task More_than_200_records_are_refused()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();

        var response = await sandbox.SendAsync(HttpMethod.Post, "composite/sobjects",
            Records(false, Enumerable.Range(0, 201).Select(i => (string?)$"A{i}").ToArray()));

        await RestAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "EXCEEDED_ID_LIMIT");
    }

    [Fact]
    public async Task Deleting_an_unknown_id_reports_that_record_only()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();
        var id = await sandbox.CreateAccountAsync("Real");

        var (_, results) = await sandbox.JsonAsync(HttpMethod.Delete, $"composite/sobjects?ids={id},001000000000000AAA");

        Assert.True((bool)results![0]!["success"]!);
        Assert.False((bool)results[1]!["success"]!);
        Assert.Equal("001000000000000AAA", (string?)results[1]!["id"]);
    }

    [Fact]
    public async Task Upsert_by_external_id_reports_which_records_were_created()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();
        await sandbox.SendAsync(HttpMethod.Patch, "sobjects/Account/Test_External_Id__c/E-1", new JsonObject { ["Name"] = "Existing" });
        var body = new JsonObject
        {
            ["allOrNone"] = false,
            ["records"] = new JsonArray(Keyed("E-1", "Renamed"), Keyed("E-2", "New")),
        };

        var (status, results) = await sandbox.JsonAsync(HttpMethod.Patch, "composite/sobjects/Account/Test_External_Id__c", body);

        Assert.Equal(200, status);
        Assert.Equal([false, true], results!.AsArray().Select(r => (bool)r!["created"]!));
        Assert.All(results.AsArray(), r => Assert.True((bool)r!["success"]!));
        var (_, renamed) = await sandbox.JsonAsync(HttpMethod.Get, "sobjects/Account/Test_External_Id__c/E-1");
        Assert.Equal("Renamed", (string?)renamed!["Name"]);
    }

    private static JsonObject Keyed(string externalId, string name) => new()
    {
        ["attributes"] = new JsonObject { ["type"] = "Account" },
        ["Test_External_Id__c"] = externalId,
        ["Name"] = name,
    };

    private static JsonObject Records(bool allOrNone, params string?[] names) => new()
    {
        ["allOrNone"] = allOrNone,
        ["records"] = new JsonArray(names.Select(name =>
        {
            var record = new JsonObject { ["attributes"] = new JsonObject { ["type"] = "Account" } };
            if (name is not null)
            {
                record["Name"] = name;
            }

            return (JsonNode?)record;
        }).ToArray()),
    };

    private static async Task<int> CountAccountsAsync(SandboxClient sandbox)
    {
        var (_, result) = await sandbox.JsonAsync(HttpMethod.Get, "query?q=" + Uri.EscapeDataString("SELECT Id FROM Account"));
        return (int)result!["totalSize"]!;
    }
}
