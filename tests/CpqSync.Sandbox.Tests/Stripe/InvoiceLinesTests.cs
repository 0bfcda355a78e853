using System.Text.Json.Nodes;
using CpqSync.Sandbox.Stats;

namespace CpqSync.Sandbox.Tests.Stripe;

/// <summary>
/// <c>POST /v1/invoices/{id}/add_lines</c>: several lines added to a draft invoice in one call, each an invoice item of
/// the invoice (listed by <c>GET /v1/invoiceitems?invoice=</c>, with its own metadata and period), all or none.
/// </summary>
public sealed class InvoiceLinesTests
{
    [Fact]
    public async Task Lines_added_in_one_call_are_invoice_items_of_the_invoice_with_their_own_metadata_and_period()
    {
        await using var api = await StripeApi.StartAsync();
        var customer = await api.CreateAsync("/v1/customers", "email=buyer@example.com");
        var setup = await api.CreateAsync("/v1/prices", "product_data[name]=Setup&currency=usd&unit_amount=2500");
        var training = await api.CreateAsync("/v1/products", "name=Training");
        var invoice = await api.CreateAsync("/v1/invoices", $"customer={customer["id"]}&currency=usd&pending_invoice_items_behavior=exclude");
        var id = invoice["id"]!.GetValue<string>();
        await SandboxStatsClient.ResetAsync(api.Http, api.Server.BaseUrl, CancellationToken.None);

        var added = await api.CreateAsync($"/v1/invoices/{id}/add_lines",
            $"lines[0][pricing][price]={setup["id"]}&lines[0][quantity]=2&lines[0][period][start]=1767225600&lines[0][period][end]=1798761600"
            + "&lines[0][metadata][order_item_id]=802A"
            + $"&lines[1][price_data][currency]=usd&lines[1][price_data][product]={training["id"]}&lines[1][price_data][unit_amount]=400"
            + "&lines[1][quantity]=3&lines[1][metadata][order_item_id]=802B"
            + "&lines[2][amount]=-500&lines[2][description]=Goodwill&lines[2][metadata][order_item_id]=802C");

        var items = (await api.GetAsync($"/v1/invoiceitems?invoice={id}")).Json["data"]!.AsArray().Select(static i => i!.AsObject()).ToList();
        var lines = (await api.GetAsync($"/v1/invoices/{id}/lines")).Json["data"]!.AsArray();
        var stats = await SandboxStatsClient.ReadAsync(api.Http, api.Server.BaseUrl, CancellationToken.None);

        Assert.Equal("invoice", added["object"]!.GetValue<string>());
        Assert.Equal(id, added["id"]!.GetValue<string>());
        Assert.Equal((2 * 2500) + (3 * 400) - 500, added["total"]!.GetValue<long>());
        Assert.Equal(3, added["lines"]!["data"]!.AsArray().Count);
        Assert.Equal(3, lines.Count);
        Assert.Equal(["802A", "802B", "802C"], items.Select(static i => i["metadata"]!["order_item_id"]!.GetValue<string>()).Order());
        var byLine = items.ToDictionary(static i => i["metadata"]!["order_item_id"]!.GetValue<string>());
        Assert.Equal(setup["id"]!.GetValue<string>(), byLine["802A"]["pricing"]!["price_details"]!["price"]!.GetValue<string>());
        Assert.Equal(1767225600, byLine["802A"]["period"]!["start"]!.GetValue<long>());
        Assert.Equal(1798761600, byLine["802A"]["period"]!["end"]!.GetValue<long>());
        Assert.Equal(1200, byLine["802B"]["amount"]!.GetValue<long>());
        Assert.Equal("usd", byLine["802C"]["currency"]!.GetValue<string>());
        Assert.Equal("Goodwill", byLine["802C"]["description"]!.GetValue<string>());
        Assert.All(items, i => Assert.Equal(customer["id"]!.GetValue<string>(), i["customer"]!.GetValue<string>()));
        Assert.Equal(1, stats.Endpoint("POST /v1/invoices/{id}/add_lines").Requests);
        Assert.Equal(0, stats.Endpoint("POST /v1/invoiceitems").Requests);
    }

    [Fact]
    public async Task A_refused_line_adds_none_and_only_a_draft_invoice_takes_lines()
    {
        await using var api = await StripeApi.StartAsync();
        var customer = await api.CreateAsync("/v1/customers", "email=buyer@example.com");
        var setup = await api.CreateAsync("/v1/prices", "product_data[name]=Setup&currency=usd&unit_amount=2500");
        var monthly = await api.CreateAsync("/v1/prices", "product_data[name]=Seat&currency=usd&unit_amount=100&recurring[interval]=month");
        var euros = await api.CreateAsync("/v1/prices", "product_data[name]=Setup EU&currency=eur&unit_amount=2500");
        var invoice = await api.CreateAsync("/v1/invoices", $"customer={customer["id"]}&currency=usd");
        var id = invoice["id"]!.GetValue<string>();

        var recurring = await api.PostAsync($"/v1/invoices/{id}/add_lines",
            $"lines[0][pricing][price]={setup["id"]}&lines[1][pricing][price]={monthly["id"]}");
        var otherCurrency = await api.PostAsync($"/v1/invoices/{id}/add_lines", $"lines[0][pricing][price]={euros["id"]}");
        var unknownParameter = await api.PostAsync($"/v1/invoices/{id}/add_lines", $"lines[0][pricing][price]={setup["id"]}&lines[0][tax_behavior]=exclusive");
        var noLines = await api.PostAsync($"/v1/invoices/{id}/add_lines", "");
        var itemsAfterRefusals = (await api.GetAsync($"/v1/invoiceitems?invoice={id}")).Json["data"]!.AsArray();
        await api.CreateAsync($"/v1/invoices/{id}/add_lines", $"lines[0][pricing][price]={setup["id"]}");
        await api.CreateAsync($"/v1/invoices/{id}/finalize", "");
        var finalized = await api.PostAsync($"/v1/invoices/{id}/add_lines", $"lines[0][pricing][price]={setup["id"]}");

        Assert.Equal(400, recurring.Status);
        Assert.Equal("lines[1][pricing][price]", recurring.Error["param"]!.GetValue<string>());
        Assert.Equal(400, otherCurrency.Status);
        Assert.Equal(400, unknownParameter.Status);
        Assert.Equal("lines[0][tax_behavior]", unknownParameter.Error["param"]!.GetValue<string>());
        noLines.AssertError(400, "parameter_missing", "lines");
        Assert.Empty(itemsAfterRefusals);
        Assert.Equal(400, finalized.Status);
        Assert.Single((await api.GetAsync($"/v1/invoiceitems?invoice={id}")).Json["data"]!.AsArray());
    }

    [Fact]
    public async Task Sent_again_with_its_idempotency_key_the_call_is_replayed_and_adds_nothing_twice()
    {
        await using var api = await StripeApi.StartAsync();
        var customer = await api.CreateAsync("/v1/customers", "email=buyer@example.com");
        var setup = await api.CreateAsync("/v1/prices", "product_data[name]=Setup&currency=usd&unit_amount=2500");
        var invoice = await api.CreateAsync("/v1/invoices", $"customer={customer["id"]}&currency=usd");
        var path = $"/v1/invoices/{invoice["id"]}/add_lines";
        var form = $"lines[0][pricing][price]={setup["id"]}&lines[1][pricing][price]={setup["id"]}&lines[1][quantity]=2";

        var first = await api.PostAsync(path, form, idempotencyKey: "add-lines-once");
        var again = await api.PostAsync(path, form, idempotencyKey: "add-lines-once");
        var otherBody = await api.PostAsync(path, $"lines[0][pricing][price]={setup["id"]}", idempotencyKey: "add-lines-once");

        Assert.Equal(200, first.Status);
        Assert.Equal(200, again.Status);
        Assert.True(again.Headers.TryGetValues("Idempotent-Replayed", out var replayed) && replayed.Contains("true"));
        Assert.Equal(400, otherBody.Status);
        Assert.Equal(2, (await api.GetAsync($"/v1/invoiceitems?invoice={invoice["id"]}")).Json["data"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_line_can_assign_a_pending_item_of_the_invoices_customer()
    {
        await using var api = await StripeApi.StartAsync();
        var customer = await api.CreateAsync("/v1/customers", "email=buyer@example.com");
        var other = await api.CreateAsync("/v1/customers", "email=other@example.com");
        var pending = await api.CreateAsync("/v1/invoiceitems", $"customer={customer["id"]}&amount=1000&currency=usd");
        var foreign = await api.CreateAsync("/v1/invoiceitems", $"customer={other["id"]}&amount=1000&currency=usd");
        var invoice = await api.CreateAsync("/v1/invoices", $"customer={customer["id"]}&currency=usd");
        var path = $"/v1/invoices/{invoice["id"]}/add_lines";

        var refused = await api.PostAsync(path, $"lines[0][invoice_item]={foreign["id"]}");
        var added = await api.CreateAsync(path, $"lines[0][invoice_item]={pending["id"]}&lines[0][metadata][note]=moved");
        var item = (await api.GetAsync($"/v1/invoiceitems/{pending["id"]}")).Json;

        Assert.Equal("lines[0][invoice_item]", refused.Error["param"]!.GetValue<string>());
        Assert.Equal(1000, added["total"]!.GetValue<long>());
        Assert.Equal(invoice["id"]!.GetValue<string>(), item["invoice"]!.GetValue<string>());
        Assert.Equal("moved", item["metadata"]!["note"]!.GetValue<string>());
    }

}
