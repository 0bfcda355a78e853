using System.Text.Json.Nodes;
using CpqSync.Sandbox.Stripe.Http;
using CpqSync.Sandbox.Stripe.Store;

namespace CpqSync.Sandbox.Stripe.Resources;

/// <summary><c>/v1/products</c>: create (with <c>default_price_data</c>), retrieve, update, delete, list and search.</summary>
internal static class ProductApi
{
    private static readonly string[] Editable =
    [
        "active", "description", "images", "marketing_features", "metadata", "name", "package_dimensions", "shippable",
        "statement_descriptor", "tax_code", "unit_label", "url",
    ];

    private static readonly HashSet<string> SearchFields = new(StringComparer.Ordinal)
    {
        "active", "created", "description", "name", "shippable", "url",
    };

    public static void Map(StripeRouter router)
    {
        router.Post("/v1/products", Create);
        router.Get("/v1/products", List);
        router.Get("/v1/products/search", Search);
        router.Get("/v1/products/{id}", Retrieve);
        router.Post("/v1/products/{id}", Update);
        router.Delete("/v1/products/{id}", Delete);
    }

    private static JsonObject Create(StripeRequest request)
    {
        var p = request.Params.Allow([.. Editable, "default_price_data", "id", "tax_details", "type"]);
        var name = p.Required("name");
        var id = p.NonEmpty("id") ?? StripeIds.New("prod_");
        if (request.Account.Store.Find("product", id) is not null)
        {
            throw StripeErrorException.Invalid($"Product already exists.", "id", "resource_already_exists");
        }

        var product = New(id, name, p.Enum("type", "good", "service") ?? "service", request.Now);
        Apply(p, product);
        var defaultPriceData = p.Hash("default_price_data");
        request.Account.Store.Add(product);
        if (defaultPriceData is not null)
        {
            var price = PriceApi.CreateDefault(request, defaultPriceData, id);
            product["default_price"] = price["id"]!.GetValue<string>();
        }

        return request.Account.Render(product);
    }

    /// <summary>A product with Stripe's defaults, not yet stored.</summary>
    public static JsonObject New(string id, string name, string type, long now) => new()
    {
        ["id"] = id,
        ["object"] = "product",
        ["active"] = true,
        ["created"] = now,
        ["default_price"] = null,
        ["description"] = null,
        ["images"] = new JsonArray(),
        ["livemode"] = false,
        ["marketing_features"] = new JsonArray(),
        ["metadata"] = new JsonObject(),
        ["name"] = name,
        ["package_dimensions"] = null,
        ["shippable"] = null,
        ["statement_descriptor"] = null,
        ["tax_code"] = null,
        ["type"] = type,
        ["unit_label"] = null,
        ["updated"] = now,
        ["url"] = null,
    };

    private static JsonObject Retrieve(StripeRequest request)
    {
        request.Params.Allow();
        return request.Account.Render(Find(request.Account, request.Route(), "id"));
    }

    public static JsonObject Find(StripeAccount account, string id, string param)
    {
        var product = account.Store.Get("product", id, "product", param);
        return product["deleted"] is not null ? throw StripeErrorException.NoSuch("product", id, param) : product;
    }

    private static JsonObject Update(StripeRequest request)
    {
        var p = request.Params.Allow([.. Editable, "default_price", "tax_details"]);
        var product = Find(request.Account, request.Route(), "id");
        if (p.String("default_price") is { } defaultPrice)
        {
            if (defaultPrice.Length == 0)
            {
                product["default_price"] = null;
            }
            else
            {
                var price = request.Account.Store.Get("price", defaultPrice, "price", "default_price");
                if (price["product"]!.GetValue<string>() != product["id"]!.GetValue<string>())
                {
                    throw StripeErrorException.Invalid(
                        $"The price `{defaultPrice}` does not belong to product `{product["id"]}`, so it cannot be its default price.",
                        "default_price");
                }

                if (price["active"]!.GetValue<bool>() is false)
                {
                    throw StripeErrorException.Invalid(
                        $"The price `{defaultPrice}` is archived; only an active price can be a product's default price.", "default_price");
                }

                product["default_price"] = defaultPrice;
            }
        }

        Apply(p, product);
        product["updated"] = request.Now;
        return request.Account.Render(product);
    }

    private static JsonObject Delete(StripeRequest request)
    {
        request.Params.Allow();
        var product = Find(request.Account, request.Route(), "id");
        var id = product["id"]!.GetValue<string>();
        if (request.Account.Store.NewestFirst("price", "product", id).Any())
        {
            // Stripe keeps products that have prices; they can only be archived (active=false).
            throw StripeErrorException.Invalid(
                "This product cannot be deleted because it has one or more user-created prices.", "id");
        }

        request.Account.Store.Remove("product", id);
        return new JsonObject { ["id"] = id, ["object"] = "product", ["deleted"] = true };
    }

    private static JsonObject List(StripeRequest request)
    {
        var p = request.Params.Allow([.. ListPage.Parameters.Split(','), "active", "created", "ids", "shippable", "type", "url"]);
        var active = p.Bool("active");
        var ids = p.Strings("ids");
        var shippable = p.Bool("shippable");
        var url = p.String("url");
        var type = p.Enum("type", "good", "service");
        var created = Listing.Created(p);
        return Listing.List(request, "product", "product", product =>
            (active is null || product["active"]!.GetValue<bool>() == active)
            && (ids is null || ids.Contains(product["id"]!.GetValue<string>()))
            && (shippable is null || product["shippable"]?.GetValue<bool>() == shippable)
            && (url is null || product["url"]?.GetValue<string>() == url)
            && (type is null || product["type"]?.GetValue<string>() == type)
            && created(product), "/v1/products");
    }

    private static JsonObject Search(StripeRequest request) => Listing.Search(request, "product", SearchFields, _ => true);

    private static void Apply(ParamHash p, JsonObject product)
    {
        if (p.String("name") is { Length: 0 })
        {
            throw StripeErrorException.Empty("name");
        }

        if (p.NonEmpty("name") is { } name)
        {
            product["name"] = name;
        }

        if (p.Bool("active") is { } active)
        {
            product["active"] = active;
        }

        if (p.Bool("shippable") is { } shippable)
        {
            product["shippable"] = shippable;
        }

        if (p.NonEmpty("statement_descriptor") is { } descriptor
            && (descriptor.Length > 22 || descriptor.IndexOfAny(['<', '>', '\\', '\'', '"', '*']) >= 0))
        {
            // The API reference: at most 22 characters, none of <, >, \, ', " or *.
            throw StripeErrorException.Invalid(
                "Invalid statement_descriptor: must be at most 22 characters and cannot contain <, >, \\, ', \" or *.",
                "statement_descriptor");
        }

        foreach (var field in new[] { "description", "statement_descriptor", "tax_code", "unit_label", "url" })
        {
            CustomerApi.SetNullable(p, product, field);
        }

        if (p.Strings("images") is { } images)
        {
            if (images.Count > 8)
            {
                throw StripeErrorException.Invalid("A product can have at most 8 images.", "images");
            }

            product["images"] = new JsonArray([.. images.Select(i => (JsonNode)i)]);
        }

        if (p.Hashes("marketing_features") is { } features)
        {
            product["marketing_features"] = new JsonArray([.. features.Select(f =>
                (JsonNode)new JsonObject { ["name"] = f.Allow("name").Required("name") })]);
        }

        if (p.Hash("package_dimensions") is { } dimensions)
        {
            dimensions.Allow("height", "length", "weight", "width");
            product["package_dimensions"] = new JsonObject
            {
                ["height"] = dimensions.Decimal("height") ?? throw StripeErrorException.Missing("package_dimensions[height]"),
                ["length"] = dimensions.Decimal("length") ?? throw StripeErrorException.Missing("package_dimensions[length]"),
                ["weight"] = dimensions.Decimal("weight") ?? throw StripeErrorException.Missing("package_dimensions[weight]"),
                ["width"] = dimensions.Decimal("width") ?? throw StripeErrorException.Missing("package_dimensions[width]"),
            };
        }

        product["metadata"] = Metadata.Apply(p, product["metadata"] as JsonObject);
    }
}
