using System.Text.Json.Nodes;
using CpqSync.Sandbox.Stats;

namespace CpqSync.Sandbox.Salesforce.Http;

/// <summary>Sends an authenticated REST call to its resource and turns Salesforce errors into error responses.</summary>
internal sealed class RestRouter
{
    private readonly SandboxContext _context;
    private readonly SObjectResources _sobjects;
    private readonly QueryResources _queries;
    private readonly CollectionResources _collections;
    private readonly CompositeResource _composite;

    public RestRouter(SandboxContext context)
    {
        _context = context;
        _sobjects = new SObjectResources(context.Org);
        _queries = new QueryResources(context.Org, context.Time);
        _collections = new CollectionResources(context.Org);
        _composite = new CompositeResource(context.Org, Dispatch);
    }

    public RestResponse Dispatch(RestRequest request)
    {
        try
        {
            return Route(request);
        }
        catch (SalesforceErrorException e)
        {
            return RestResponse.Error(e);
        }
    }

    private RestResponse Route(RestRequest request)
    {
        var method = request.Method;
        return request.Segments switch
        {
            [] => Only(method, "GET", () => RestResponse.Ok(Resources(request.Version))),
            ["sobjects"] => Only(method, "GET", () => _sobjects.DescribeGlobal(request)),
            ["sobjects", var type] => method switch
            {
                "GET" => _sobjects.BasicInfo(request, type),
                "POST" => _sobjects.Create(request, type),
                _ => throw RestErrors.MethodNotAllowed(method, "GET,HEAD,POST"),
            },
            ["sobjects", var type, "describe"] => Only(method, "GET", () => _sobjects.Describe(request, type)),
            ["sobjects", var type, "updated"] => Only(method, "GET", () => _sobjects.Updated(request, type)),
            ["sobjects", var type, "deleted"] => Only(method, "GET", () => _sobjects.Deleted(request, type)),
            ["sobjects", var type, var id] => method switch
            {
                "GET" => _sobjects.Retrieve(request, type, id),
                "PATCH" => _sobjects.Update(request, type, id),
                "DELETE" => _sobjects.Delete(type, id),
                _ => throw RestErrors.MethodNotAllowed(method, "GET,PATCH,HEAD,DELETE"),
            },
            ["sobjects", var type, var id, var relationship] when method == "GET" && IsChildRelationship(type, relationship) =>
                _sobjects.Children(request, type, id, relationship),
            ["sobjects", var type, var field, var value] => method switch
            {
                "PATCH" or "POST" => _sobjects.Upsert(request, type, field, value),
                "GET" or "DELETE" => _sobjects.ByExternalId(request, type, field, value),
                _ => throw RestErrors.MethodNotAllowed(method, "GET,PATCH,HEAD,DELETE"),
            },
            ["query"] => Only(method, "GET", () => _queries.Query(request, includeDeleted: false)),
            ["queryAll"] => Only(method, "GET", () => _queries.Query(request, includeDeleted: true)),
            ["tooling", "query"] => Only(method, "GET", () => _queries.ToolingQuery(request)),
            ["query" or "queryAll", var locator] => Only(method, "GET", () => _queries.More(request, locator)),
            ["composite"] => Only(method, "POST", () => _composite.Execute(request)),
            ["composite", "sobjects"] => method switch
            {
                "POST" => _collections.Create(request),
                "PATCH" => _collections.Update(request),
                "DELETE" => _collections.Delete(request),
                _ => throw RestErrors.MethodNotAllowed(method, "PATCH,POST,DELETE"),
            },
            ["composite", "sobjects", var type] when method is "GET" or "POST" => _collections.Retrieve(request, type),
            ["composite", "sobjects", var type, var field] when method == "PATCH" => _collections.Upsert(request, type, field),
            ["limits"] => Only(method, "GET", () => RestResponse.Ok(Limits())),
            _ => throw RestErrors.NotFound(),
        };
    }

    /// <summary>
    /// The route template of a request for the per-endpoint counts of <c>/_sandbox/stats</c>, the API version folded
    /// (<c>/services/data/vXX.X/sobjects/{sObject}/{id}</c>); <paramref name="target"/> is the path after
    /// <c>/services/data</c>, the version first. Mirrors <see cref="Route"/>.
    /// </summary>
    public string Template(string method, string[] target)
    {
        const string Root = "/services/data";
        const string Versioned = Root + "/vXX.X";
        if (target.Length == 0)
        {
            return Root;
        }

        if (!ApiVersions.TryParse(target[0], out _))
        {
            return RequestCounter.Unrouted;
        }

        return target[1..] switch
        {
            [] => Versioned,
            ["sobjects"] => Versioned + "/sobjects",
            ["sobjects", _] => Versioned + "/sobjects/{sObject}",
            ["sobjects", _, "describe"] => Versioned + "/sobjects/{sObject}/describe",
            ["sobjects", _, "updated"] => Versioned + "/sobjects/{sObject}/updated",
            ["sobjects", _, "deleted"] => Versioned + "/sobjects/{sObject}/deleted",
            ["sobjects", _, _] => Versioned + "/sobjects/{sObject}/{id}",
            ["sobjects", var type, _, var relationship] when method == "GET" && IsChildRelationship(type, relationship) =>
                Versioned + "/sobjects/{sObject}/{id}/{relationship}",
            ["sobjects", _, _, _] => Versioned + "/sobjects/{sObject}/{fieldName}/{fieldValue}",
            ["query"] => Versioned + "/query",
            ["queryAll"] => Versioned + "/queryAll",
            ["tooling", "query"] => Versioned + "/tooling/query",
            ["query", _] => Versioned + "/query/{queryLocator}",
            ["queryAll", _] => Versioned + "/queryAll/{queryLocator}",
            ["composite"] => Versioned + "/composite",
            ["composite", "sobjects"] => Versioned + "/composite/sobjects",
            ["composite", "sobjects", _] => Versioned + "/composite/sobjects/{sObject}",
            ["composite", "sobjects", _, _] => Versioned + "/composite/sobjects/{sObject}/{fieldName}",
            ["limits"] => Versioned + "/limits",
            _ => RequestCounter.Unrouted,
        };
    }

    private static RestResponse Only(string method, string allowed, Func<RestResponse> handle) =>
        method == allowed ? handle() : throw RestErrors.MethodNotAllowed(method, allowed == "GET" ? "GET,HEAD" : allowed);

    private bool IsChildRelationship(string type, string relationship) =>
        _context.Org.Schema.FindObject(type)?.ChildRelationships.ContainsKey(relationship) == true;

    private static JsonObject Resources(string version)
    {
        var root = $"/services/data/v{version}";
        return new JsonObject
        {
            ["sobjects"] = $"{root}/sobjects",
            ["query"] = $"{root}/query",
            ["queryAll"] = $"{root}/queryAll",
            ["composite"] = $"{root}/composite",
            ["limits"] = $"{root}/limits",
            ["tooling"] = $"{root}/tooling",
        };
    }

    private JsonObject Limits()
    {
        var usage = _context.Usage;
        return new JsonObject
        {
            ["DailyApiRequests"] = new JsonObject { ["Max"] = usage.Limit, ["Remaining"] = usage.Limit - usage.Used },
            ["DailyAsyncApexExecutions"] = Unused(250_000),
            ["DailyBulkApiBatches"] = Unused(15_000),
            ["DailyBulkV2QueryJobs"] = Unused(10_000),
            ["DataStorageMB"] = Unused(1_024),
            ["FileStorageMB"] = Unused(20_480),
            ["SingleEmail"] = Unused(5_000),
        };
    }

    private static JsonObject Unused(long max) => new() { ["Max"] = max, ["Remaining"] = max };
}
