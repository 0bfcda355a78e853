namespace CpqSync.Sandbox.Tests.Stripe;

/// <summary>Stripe's Search API: the query language subset and the <c>search_result</c> page.</summary>
public sealed class SearchTests
{
    [Fact]
    public async Task Subscriptions_are_searched_by_metadata_and_status()
    {
        await using var api = await StripeApi.StartAsync();
        var customer = (await api.CreateAsync("/v1/customers", "name=Acme"))["id"];
        var product = (await api.CreateAsync("/v1/products", "name=Seat"))["id"];
        var price = (await api.CreateAsync("/v1/prices", $"product={product}&currency=usd&unit_amount=1000&recurring[interval]=month"))["id"];
        var live = await api.CreateAsync("/v1/subscriptions", $"customer={customer}&items[0][price]={price}&metadata[salesforce_order_id]=801A");
        var canceled = await api.CreateAsync("/v1/subscriptions", $"customer={customer}&items[0][price]={price}&metadata[salesforce_order_id]=801A");
        await api.DeleteAsync($"/v1/subscriptions/{canceled["id"]}");

        var all = (await Search(api, "subscriptions", "metadata['salesforce_order_id']:'801A'")).Json;
        var active = (await Search(api, "subscriptions", "metadata['salesforce_order_id']:'801A' AND status:'active'")).Json;
        var notCanceled = (await Search(api, "subscriptions", "metadata[\"salesforce_order_id\"]:\"801A\" -status:\"canceled\"")).Json;

        Assert.Equal("search_result", all["object"]!.GetValue<string>());
        Assert.Equal("/v1/subscriptions/search", all["url"]!.GetValue<string>());
        Assert.Equal(2, all["data"]!.AsArray().Count);
        Assert.Equal(live["id"]!.GetValue<string>(), Assert.Single(active["data"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.Equal("subscription", active["data"]![0]!["object"]!.GetValue<string>());
        Assert.Equal(live["id"]!.GetValue<string>(), Assert.Single(notCanceled["data"]!.AsArray())!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Quotes_inside_values_are_escaped_with_a_backslash_and_keywords_are_case_insensitive()
    {
        await using var api = await StripeApi.StartAsync();
        var wanted = await api.CreateAsync("/v1/customers", "name=O%27Brien%20%26%20Sons&metadata[sf_account_id]=001A");
        await api.CreateAsync("/v1/customers", "name=Other&metadata[sf_account_id]=001A");

        var found = (await Search(api, "customers", @"name:'O\'Brien & Sons' and metadata['sf_account_id']:'001A'")).Json;

        Assert.Equal(wanted["id"]!.GetValue<string>(), Assert.Single(found["data"]!.AsArray())!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Results_page_with_next_page()
    {
        await using var api = await StripeApi.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            await api.CreateAsync("/v1/products", $"name=Seat%20{i}&metadata[tier]=gold");
        }

        var first = (await api.GetAsync("/v1/products/search?limit=2&query=" + Uri.EscapeDataString("metadata['tier']:'gold'"))).Json;
        var next = first["next_page"]!.GetValue<string>();
        var second = (await api.GetAsync($"/v1/products/search?limit=2&page={Uri.EscapeDataString(next)}&query=" +
            Uri.EscapeDataString("metadata['tier']:'gold'"))).Json;

        Assert.True(first["has_more"]!.GetValue<bool>());
        Assert.Equal(2, first["data"]!.AsArray().Count);
        Assert.False(second["has_more"]!.GetValue<bool>());
        Assert.Null(second["next_page"]);
        Assert.Single(second["data"]!.AsArray());
    }

    [Theory]
    [InlineData("metadata['k']:'v' AND name:'x' OR name:'y'")]
    [InlineData("metadata['k']:'unterminated")]
    [InlineData("colour:'red'")]
    public async Task Invalid_queries_are_invalid_request_errors_on_query(string query)
    {
        await using var api = await StripeApi.StartAsync();

        var response = await Search(api, "customers", query);

        var error = response.AssertError(400, null, "query");
        Assert.Equal("invalid_request_error", error["type"]!.GetValue<string>());
    }

    private static Task<StripeApi.Response> Search(StripeApi api, string resource, string query) =>
        api.GetAsync($"/v1/{resource}/search?query=" + Uri.EscapeDataString(query));
}
