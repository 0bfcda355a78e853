using System.Text.Json.Nodes;
using CpqSync.Sandbox.Salesforce.Org;
using CpqSync.Sandbox.Salesforce.Soql;

namespace CpqSync.Sandbox.Salesforce.Http;

/// <summary><c>query</c>, <c>queryAll</c> and their <c>nextRecordsUrl</c> pages.</summary>
internal sealed class QueryResources(SalesforceOrg org, TimeProvider time)
{
    private readonly QueryCursors _cursors = new();
    private readonly ToolingOrg _tooling = new();

    public RestResponse Query(RestRequest request, bool includeDeleted)
    {
        if (!request.Query.TryGetValue("q", out var soql) || string.IsNullOrWhiteSpace(soql))
        {
            throw new SalesforceErrorException(400, "MALFORMED_QUERY", "A query string has to be specified");
        }

        var context = new SoqlExecutionContext(time.GetUtcNow(), request.Version, includeDeleted);
        var result = org.Snapshot(() => new SoqlEngine(org.Schema).Execute(soql, org, context));
        if (result.IsCount)
        {
            return RestResponse.Ok(new JsonObject { ["totalSize"] = result.TotalSize, ["done"] = true, ["records"] = new JsonArray() });
        }

        return RestResponse.Ok(_cursors.FirstPage(result.Records, QueryCursors.BatchSize(request.BatchSize), request.Version));
    }

    /// <summary>The Tooling API's <c>tooling/query</c>: SOQL over the installed-package objects of <see cref="ToolingOrg"/>.</summary>
    public RestResponse ToolingQuery(RestRequest request)
    {
        if (!request.Query.TryGetValue("q", out var soql) || string.IsNullOrWhiteSpace(soql))
        {
            throw new SalesforceErrorException(400, "MALFORMED_QUERY", "A query string has to be specified");
        }

        var context = new SoqlExecutionContext(time.GetUtcNow(), request.Version, IncludeDeleted: false);
        var result = new SoqlEngine(_tooling.Schema).Execute(soql, _tooling, context);
        if (result.IsCount)
        {
            return RestResponse.Ok(new JsonObject { ["totalSize"] = result.TotalSize, ["done"] = true, ["records"] = new JsonArray() });
        }

        return RestResponse.Ok(_cursors.FirstPage(result.Records, QueryCursors.BatchSize(request.BatchSize), request.Version));
    }

    public RestResponse More(RestRequest request, string locator) =>
        RestResponse.Ok(_cursors.NextPage(locator, QueryCursors.BatchSize(request.BatchSize), request.Version));
}
