using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CpqSync.Core.Configuration;
using CpqSync.Core.Planning;
using CpqSync.Core.Records;
using CpqSync.Core.Stripe;

namespace CpqSync.Core.Tests.Support;

/// <summary>
/// One scenario file: Salesforce records in (optionally starting from shared fixtures named in <c>include</c>,
/// overridden field by field by <c>records</c>), known Stripe state, configuration and now; the expected plan
/// (a subset of the plan JSON) or the expected errors out.
/// </summary>
public sealed class Scenario
{
    public static readonly string Root = System.IO.Path.Combine(AppContext.BaseDirectory, "Scenarios");

    private Scenario(string path, JsonObject document)
    {
        Path = path;
        Document = document;
    }

    public string Path { get; }

    public JsonObject Document { get; }

    public JsonNode? Expected => Document["expect"];

    public static Scenario Load(string relativePath)
    {
        var path = System.IO.Path.Combine(Root, relativePath);
        var document = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!.AsObject();
        return new Scenario(path, document);
    }

    public static IEnumerable<string> All() =>
        Directory.EnumerateFiles(Root, "*.json", SearchOption.AllDirectories)
            .Select(p => System.IO.Path.GetRelativePath(Root, p).Replace('\\', '/'))
            .Where(static p => !p.StartsWith("_fixtures/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    /// <summary>Plans the scenario: an order (<c>order</c>), or records synced on their own (<c>target</c>).</summary>
    public PlanResult Plan(Func<IEnumerable<SfRecord>, IEnumerable<SfRecord>>? arrange = null) =>
        Document["target"] is null ? SyncPlanner.Plan(ToInput(arrange)) : SyncPlanner.PlanRecords(ToRecordInput(arrange));

    /// <summary>
    /// A record sync: <c>"target": {"kind": "products|pricebook|account", "ids": ["01t…"]}</c> in place of <c>order</c>.
    /// </summary>
    public RecordSyncInput ToRecordInput(Func<IEnumerable<SfRecord>, IEnumerable<SfRecord>>? arrange = null)
    {
        var target = Document["target"]!.AsObject();
        var kind = Enum.Parse<RecordSyncKind>((string)target["kind"]!, ignoreCase: true);
        var ids = target["ids"]!.AsArray().Select(static n => (string)n!).ToList();
        var order = ToInput(arrange, requireOrder: false);
        return new RecordSyncInput(order.Records, new RecordSyncTarget(kind, ids), order.Stripe, order.Configuration, order.Now);
    }

    public SyncInput ToInput(Func<IEnumerable<SfRecord>, IEnumerable<SfRecord>>? arrange = null) => ToInput(arrange, requireOrder: true);

    private SyncInput ToInput(Func<IEnumerable<SfRecord>, IEnumerable<SfRecord>>? arrange, bool requireOrder)
    {
        var records = Records();
        var configuration = Document["configuration"] is { } config
            ? ConfigurationJson.Load(WithTestDefaults(config.AsObject()).ToJsonString())
            : ConfigurationJson.Load(WithTestDefaults(new JsonObject()).ToJsonString());
        var now = DateTimeOffset.Parse((string?)Document["now"] ?? "2024-01-01T12:00:00Z", CultureInfo.InvariantCulture);
        var order = (string?)Document["order"] ?? (requireOrder ? throw new InvalidDataException($"{Path}: 'order' is required.") : "");
        var list = arrange is null ? records : arrange(records).ToList();
        return new SyncInput(new RecordSet(list), order, ReadStripe(Document["stripe"] as JsonObject), configuration, now)
        {
            FilteredOutOrders = (Document["filtered_out_orders"] as JsonArray ?? []).Select(static n => (string)n!).ToHashSet(),
        };
    }

    /// <summary>Tests use one instance URL and USD unless a scenario says otherwise.</summary>
    private static JsonObject WithTestDefaults(JsonObject configuration)
    {
        var copy = JsonNode.Parse(configuration.ToJsonString())!.AsObject();
        if (copy["settings"] is not JsonObject settings)
        {
            copy["settings"] = settings = [];
        }

        if (!settings.ContainsKey("instance_url"))
        {
            settings["instance_url"] = "https://acme.my.salesforce.com";
        }

        if (!settings.ContainsKey("default_currency"))
        {
            settings["default_currency"] = "usd";
        }

        return copy;
    }

    private List<SfRecord> Records()
    {
        var merged = new List<JsonObject>();
        foreach (var include in (Document["include"] as JsonArray ?? []).Select(static n => (string)n!))
        {
            var fixture = JsonNode.Parse(File.ReadAllText(System.IO.Path.Combine(Root, "_fixtures", include)))!.AsArray();
            merged.AddRange(fixture.Select(static n => n!.DeepClone().AsObject()));
        }

        foreach (var node in Document["records"] as JsonArray ?? [])
        {
            var record = node!.AsObject();
            var id = (string?)record["Id"];
            var existing = merged.FirstOrDefault(r => (string?)r["Id"] == id);
            if (existing is null)
            {
                merged.Add(record.DeepClone().AsObject());
                continue;
            }

            if (record["$delete"] is JsonValue)
            {
                merged.Remove(existing);
                continue;
            }

            foreach (var (name, value) in record)
            {
                existing[name] = value?.DeepClone();
            }
        }

        return merged.Select(static r => RecordJson.Read(JsonDocument.Parse(r.ToJsonString()).RootElement)).ToList();
    }

    private static StripeState ReadStripe(JsonObject? stripe)
    {
        if (stripe is null)
        {
            return StripeState.Empty;
        }

        static HashSet<string> Set(JsonNode? node) => (node as JsonArray ?? []).Select(static n => (string)n!).ToHashSet();
        static Dictionary<string, IReadOnlyDictionary<string, string>> Map(JsonNode? node) =>
            (node as JsonObject ?? []).ToDictionary(
                static p => p.Key,
                static p => (IReadOnlyDictionary<string, string>)p.Value!.AsObject().ToDictionary(static f => f.Key, static f => f.Value!.ToString()));

        return new StripeState
        {
            Customers = Set(stripe["customers"]),
            CustomerClocks = (stripe["customer_clocks"] as JsonObject ?? []).ToDictionary(static p => p.Key, static p => (long)p.Value!),
            Products = Set(stripe["products"]),
            Invoices = Set(stripe["invoices"]),
            Prices = Map(stripe["prices"]),
            Coupons = Map(stripe["coupons"]),
            Subscriptions = (stripe["subscriptions"] as JsonObject ?? []).ToDictionary(static p => p.Key, static p => (string)p.Value!),
            SubscriptionItems = (stripe["subscription_items"] as JsonObject ?? []).ToDictionary(
                static p => p.Key,
                static p => (IReadOnlyList<StripeSubscriptionItem>)p.Value!.AsArray().Select(static i => new StripeSubscriptionItem(
                    (string)i!["id"]!, (string)i["price"]!, (long?)i["quantity"], (string?)i["order_item_id"])).ToList()),
            Schedules = (stripe["schedules"] as JsonObject ?? []).ToDictionary(
                static p => p.Key,
                static p => new StripeScheduleState(
                    p.Key,
                    (string?)p.Value!["status"] ?? "active",
                    (p.Value!["phases"] as JsonArray ?? []).Select(static ph => new StripeSchedulePhase(
                        (long)ph!["start_date"]!,
                        (long)ph["end_date"]!,
                        (ph["metadata"] as JsonObject ?? []).ToDictionary(static m => m.Key, static m => (string)m.Value!))).ToList(),
                    (string?)p.Value!["subscription"])),
        };
    }
}
