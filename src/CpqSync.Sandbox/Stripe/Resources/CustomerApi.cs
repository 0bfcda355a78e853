using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CpqSync.Sandbox.Stripe.Http;
using CpqSync.Sandbox.Stripe.Store;

namespace CpqSync.Sandbox.Stripe.Resources;

/// <summary><c>/v1/customers</c>: create, retrieve, update, delete, list and search.</summary>
internal static partial class CustomerApi
{
    /// <summary>What both create and update take (Stripe.net's CustomerCreateOptions and CustomerUpdateOptions).</summary>
    private static readonly string[] Editable =
    [
        "address", "balance", "business_name", "cash_balance", "description", "email", "individual_name", "invoice_prefix",
        "invoice_settings", "metadata", "name", "next_invoice_sequence", "phone", "preferred_locales", "shipping", "tax", "tax_exempt",
    ];

    private static readonly HashSet<string> SearchFields = new(StringComparer.Ordinal) { "created", "email", "name", "phone" };

    public static void Map(StripeRouter router)
    {
        router.Post("/v1/customers", Create);
        router.Get("/v1/customers", List);
        router.Get("/v1/customers/search", Search);
        router.Get("/v1/customers/{id}", Retrieve);
        router.Post("/v1/customers/{id}", Update);
        router.Delete("/v1/customers/{id}", Delete);
    }

    /// <summary>A live (not deleted) customer, or <c>resource_missing</c> naming <paramref name="param"/>.</summary>
    public static JsonObject Live(StripeAccount account, string id, string param)
    {
        var customer = account.Store.Get("customer", id, "customer", param);
        return customer["deleted"] is not null ? throw StripeErrorException.NoSuch("customer", id, param) : customer;
    }

    private static JsonObject Create(StripeRequest request)
    {
        var p = request.Params.Allow([.. Editable, "tax_id_data", "test_clock"]);
        string? clock = null;
        var created = request.Now;
        if (p.NonEmpty("test_clock") is { } clockId)
        {
            // A customer on a test clock lives on the clock's time from its creation on.
            var testClock = request.Account.Store.Get("test_helpers.test_clock", clockId, "test_clock", "test_clock");
            clock = clockId;
            created = testClock["frozen_time"]!.GetValue<long>();
        }

        var customer = new JsonObject
        {
            ["id"] = StripeIds.New("cus_"),
            ["object"] = "customer",
            ["address"] = null,
            ["balance"] = 0L,
            ["created"] = created,
            ["currency"] = null,
            ["default_source"] = null,
            ["delinquent"] = false,
            ["description"] = null,
            ["discount"] = null,
            ["email"] = null,
            ["invoice_prefix"] = StripeIds.New(string.Empty, 8).ToUpperInvariant(),
            ["invoice_settings"] = new JsonObject
            {
                ["custom_fields"] = null,
                ["default_payment_method"] = null,
                ["footer"] = null,
                ["rendering_options"] = null,
            },
            ["livemode"] = false,
            ["metadata"] = new JsonObject(),
            ["name"] = null,
            ["next_invoice_sequence"] = 1L,
            ["phone"] = null,
            ["preferred_locales"] = new JsonArray(),
            ["shipping"] = null,
            ["tax_exempt"] = "none",
            ["test_clock"] = clock,
        };
        Apply(p, customer);
        request.Account.Store.Add(customer);
        return request.Account.Render(customer);
    }

    private static JsonObject Retrieve(StripeRequest request)
    {
        request.Params.Allow();
        return request.Account.Render(request.Account.Store.Get("customer", request.Route(), "customer"));
    }

    private static JsonObject Update(StripeRequest request)
    {
        var p = request.Params.Allow([.. Editable, "default_source"]);
        var customer = Live(request.Account, request.Route(), "id");
        Apply(p, customer);
        return request.Account.Render(customer);
    }

    private static JsonObject Delete(StripeRequest request)
    {
        request.Params.Allow();
        var customer = Live(request.Account, request.Route(), "id");
        foreach (var subscription in request.Account.Store.NewestFirst("subscription", "customer", customer["id"]!.GetValue<string>()).ToList())
        {
            Subscriptions.Cancel(request.Account, subscription, request.Now, "cancellation_requested");
        }

        foreach (var schedule in request.Account.Store.NewestFirst("subscription_schedule", "customer", customer["id"]!.GetValue<string>())
                     .Where(s => s["status"]!.GetValue<string>() == "not_started"))
        {
            schedule["status"] = "canceled";
            schedule["canceled_at"] = request.Now;
        }

        // Stripe keeps a stub: retrieving a deleted customer answers {"id","object","deleted":true}.
        var id = customer["id"]!.GetValue<string>();
        request.Account.Store.Remove("customer", id);
        var stub = new JsonObject { ["id"] = id, ["object"] = "customer", ["deleted"] = true };
        request.Account.Store.Add(stub);
        return stub.DeepClone().AsObject();
    }

    private static JsonObject List(StripeRequest request)
    {
        var p = request.Params.Allow([.. ListPage.Parameters.Split(','), "created", "email", "test_clock"]);
        var email = p.String("email");
        var clock = p.NonEmpty("test_clock");
        var created = Listing.Created(p);
        return Listing.List(request, "customer", "customer", c =>
            c["deleted"] is null
            && (email is null || c["email"]?.GetValue<string>() == email)
            && (clock is null || c["test_clock"]?.GetValue<string>() == clock)
            && created(c), "/v1/customers");
    }

    private static JsonObject Search(StripeRequest request) =>
        Listing.Search(request, "customer", SearchFields, c => c["deleted"] is null);

    private static void Apply(ParamHash p, JsonObject customer)
    {
        SetNullable(p, customer, "description");
        if (p.NonEmpty("email") is { } email && !EmailPattern().IsMatch(email))
        {
            throw StripeErrorException.Invalid($"Invalid email address: {email}", "email", "email_invalid");
        }

        SetNullable(p, customer, "email");
        SetNullable(p, customer, "name");
        SetNullable(p, customer, "phone");
        if (p.Long("balance") is { } balance)
        {
            customer["balance"] = balance;
        }

        if (p.Enum("tax_exempt", "exempt", "none", "reverse") is { } taxExempt)
        {
            customer["tax_exempt"] = taxExempt;
        }

        if (p.Strings("preferred_locales") is { } locales)
        {
            customer["preferred_locales"] = new JsonArray([.. locales.Select(l => (JsonNode)l)]);
        }

        if (p.Get("address") is ParamString { Value.Length: 0 })
        {
            customer["address"] = null;
        }
        else if (p.Hash("address") is { } address)
        {
            address.Allow("city", "country", "line1", "line2", "postal_code", "state");
            customer["address"] = new JsonObject
            {
                ["city"] = address.String("city"),
                ["country"] = address.String("country"),
                ["line1"] = address.String("line1"),
                ["line2"] = address.String("line2"),
                ["postal_code"] = address.String("postal_code"),
                ["state"] = address.String("state"),
            };
        }

        customer["metadata"] = Metadata.Apply(p, customer["metadata"] as JsonObject);
    }

    /// <summary>A field an empty string unsets (becomes null).</summary>
    public static void SetNullable(ParamHash p, JsonObject target, string name)
    {
        if (p.String(name) is { } value)
        {
            target[name] = value.Length == 0 ? null : value;
        }
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();
}
