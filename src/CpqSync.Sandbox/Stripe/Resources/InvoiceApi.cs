using System.Globalization;
using System.Text.Json.Nodes;
using CpqSync.Sandbox.Stripe.Http;
using CpqSync.Sandbox.Stripe.Store;

namespace CpqSync.Sandbox.Stripe.Resources;

/// <summary>
/// <c>/v1/invoices</c>: draft invoices gathering invoice items (<c>pending_invoice_items_behavior=include</c> takes the
/// customer's pending ones, <c>add_lines</c> adds several at once), finalize (numbered from the customer's prefix and
/// sequence), void, delete drafts, list.
/// Payment is not emulated: a finalized invoice stays <c>open</c> unless it is for nothing or is paid through
/// <c>/pay</c> (out of band, or with a payment method, which always succeeds).
/// </summary>
internal static class InvoiceApi
{
    public static void Map(StripeRouter router)
    {
        router.Post("/v1/invoices", Create);
        router.Get("/v1/invoices", List);
        router.Get("/v1/invoices/{id}", Retrieve);
        router.Post("/v1/invoices/{id}", Update);
        router.Delete("/v1/invoices/{id}", Delete);
        router.Post("/v1/invoices/{id}/finalize", Finalize);
        router.Post("/v1/invoices/{id}/void", Void);
        router.Post("/v1/invoices/{id}/pay", Pay);
        router.Get("/v1/invoices/{id}/lines", Lines);
        router.Post("/v1/invoices/{id}/add_lines", AddLines);
    }

    /// <summary>Invoice items Stripe lets one invoice hold.</summary>
    internal const int MaxInvoiceItems = 250;

    /// <summary>
    /// <c>POST /v1/invoices/{id}/add_lines</c>: several lines added to a draft invoice at once, each an invoice item (so
    /// <c>GET /v1/invoiceitems?invoice=</c> lists it) with its own metadata and period, or an existing pending item of the
    /// invoice's customer assigned to it. All or nothing: a refused line adds none. Answers the invoice.
    /// </summary>
    private static JsonObject AddLines(StripeRequest request)
    {
        var p = request.Params.Allow("expand", "invoice_metadata", "lines");
        var invoice = request.Account.Store.Get("invoice", request.Route(), "invoice");
        var invoiceId = invoice["id"]!.GetValue<string>();
        var lines = p.Hashes("lines") ?? throw StripeErrorException.Missing("lines");
        if (lines.Count == 0)
        {
            throw StripeErrorException.Invalid("You must pass at least one line to add.", "lines");
        }

        if (invoice["status"]!.GetValue<string>() != "draft")
        {
            throw StripeErrorException.Invalid("You can only add lines to draft invoices.", "lines");
        }

        var held = request.Account.Store.NewestFirst("invoiceitem", "invoice", invoiceId).Count();
        if (held + lines.Count > MaxInvoiceItems)
        {
            throw StripeErrorException.Invalid(
                $"An invoice can hold at most {MaxInvoiceItems} invoice items; this one has {held} and the request adds {lines.Count}.", "lines");
        }

        var customer = request.Account.Store.Get("customer", invoice["customer"]!.GetValue<string>(), "customer", "customer");
        var added = new List<JsonObject>();
        var assigned = new List<(JsonObject Item, ParamHash Line)>();
        foreach (var line in lines)
        {
            line.Allow("amount", "description", "discountable", "discounts", "invoice_item", "metadata", "period", "price_data", "pricing",
                "quantity", "quantity_decimal", "tax_amounts", "tax_rates");
            if (line.NonEmpty("invoice_item") is { } itemId)
            {
                assigned.Add((Assignable(request.Account, line, itemId, invoice), line));
            }
            else
            {
                added.Add(InvoiceItemApi.NewLine(request.Account, line, invoice, customer));
            }
        }

        // A refused line (above or here) undoes the whole request: the store runs it as one transaction.
        foreach (var (item, line) in assigned)
        {
            item["invoice"] = invoiceId;
            CustomerApi.SetNullable(line, item, "description");
            item["metadata"] = Metadata.Apply(line, item["metadata"] as JsonObject);
        }

        foreach (var item in added)
        {
            request.Account.Store.Add(item);
        }

        customer["currency"] ??= invoice["currency"]!.DeepClone();
        if (p.Hash("invoice_metadata") is not null)
        {
            invoice["metadata"] = Metadata.Apply(p, invoice["metadata"] as JsonObject, "invoice_metadata");
        }

        return request.Account.Render(invoice);
    }

    /// <summary>A pending invoice item of the invoice's customer, in its currency, that a line of <c>add_lines</c> assigns to it.</summary>
    private static JsonObject Assignable(StripeAccount account, ParamHash line, string itemId, JsonObject invoice)
    {
        var param = line.ChildPath("invoice_item");
        if (new[] { "amount", "price_data", "pricing", "quantity" }.FirstOrDefault(line.Has) is { } priced)
        {
            throw StripeErrorException.Invalid("A line that assigns an existing invoice item cannot also price it.", line.ChildPath(priced));
        }

        var item = account.Store.Get("invoiceitem", itemId, "invoiceitem", param);
        if (item["invoice"] is not null || item["customer"]!.GetValue<string>() != invoice["customer"]!.GetValue<string>()
            || item["currency"]!.GetValue<string>() != invoice["currency"]!.GetValue<string>())
        {
            throw StripeErrorException.Invalid(
                $"The invoice item {itemId} is not a pending item of this invoice's customer in the invoice's currency.", param);
        }

        return item;
    }

    /// <summary>The line items an invoice shows: one per invoice item on it.</summary>
    public static List<JsonObject> LineItems(StripeAccount account, string invoiceId)
    {
        var billed = account.Store.Find("invoice", invoiceId)?[SubscriptionInvoices.Lines] as JsonArray ?? [];
        return
        [
            .. billed.Select(line => line!.DeepClone().AsObject()),
            .. account.Store.NewestFirst("invoiceitem", "invoice", invoiceId).Reverse().Select(Line),
        ];
    }

    private static JsonObject Line(JsonObject item) => new()
    {
        ["id"] = "il_" + item["id"]!.GetValue<string>()["ii_".Length..],
        ["object"] = "line_item",
        ["amount"] = item["amount"]!.DeepClone(),
        ["currency"] = item["currency"]!.DeepClone(),
        ["description"] = item["description"]?.DeepClone(),
        ["discount_amounts"] = new JsonArray(),
        ["discountable"] = item["discountable"]!.DeepClone(),
        ["discounts"] = new JsonArray(),
        ["invoice"] = item["invoice"]!.DeepClone(),
        ["livemode"] = false,
        ["metadata"] = item["metadata"]!.DeepClone(),
        ["parent"] = new JsonObject
        {
            ["invoice_item_details"] = new JsonObject
            {
                ["invoice_item"] = item["id"]!.DeepClone(),
                ["proration"] = false,
                ["proration_details"] = new JsonObject { ["credited_items"] = null },
                ["subscription"] = item["parent"]?["subscription_details"]?["subscription"]?.DeepClone(),
            },
            ["subscription_item_details"] = null,
            ["type"] = "invoice_item_details",
        },
        ["period"] = item["period"]!.DeepClone(),
        ["pretax_credit_amounts"] = new JsonArray(),
        ["pricing"] = item["pricing"]!.DeepClone(),
        ["quantity"] = item["quantity"]!.DeepClone(),
        ["quantity_decimal"] = item["quantity_decimal"]?.DeepClone(),
        ["subscription"] = item["parent"]?["subscription_details"]?["subscription"]?.DeepClone(),
        ["subtotal"] = item["amount"]!.DeepClone(),
        ["taxes"] = new JsonArray(),
    };

    /// <summary>A draft invoice with Stripe's defaults, not yet stored.</summary>
    public static JsonObject New(JsonObject customer, string currency, string? subscriptionId, string method, long now) => new()
    {
        ["id"] = StripeIds.Long("in_"),
        ["object"] = "invoice",
        ["account_country"] = "US",
        ["account_name"] = "CpqSync Sandbox",
        ["account_tax_ids"] = null,
        ["amount_due"] = 0L,
        ["amount_overpaid"] = 0L,
        ["amount_paid"] = 0L,
        ["amount_remaining"] = 0L,
        ["amount_shipping"] = 0L,
        ["attempt_count"] = 0L,
        ["attempted"] = false,
        ["application"] = null,
        ["automatically_finalizes_at"] = null,
        ["auto_advance"] = false,
        ["automatic_tax"] = new JsonObject
        {
            ["disabled_reason"] = null, ["enabled"] = false, ["liability"] = null, ["provider"] = null, ["status"] = null,
        },
        ["billing_reason"] = subscriptionId is null ? "manual" : "subscription",
        ["collection_method"] = method,
        ["created"] = now,
        ["currency"] = currency,
        ["customer"] = customer["id"]!.DeepClone(),
        ["customer_account"] = null,
        ["customer_address"] = customer["address"]?.DeepClone(),
        ["customer_email"] = customer["email"]?.DeepClone(),
        ["customer_name"] = customer["name"]?.DeepClone(),
        ["customer_phone"] = customer["phone"]?.DeepClone(),
        ["customer_shipping"] = customer["shipping"]?.DeepClone(),
        ["customer_tax_ids"] = new JsonArray(),
        ["custom_fields"] = null,
        ["customer_tax_exempt"] = customer["tax_exempt"]?.DeepClone(),
        ["default_payment_method"] = null,
        ["default_source"] = null,
        ["default_tax_rates"] = new JsonArray(),
        ["description"] = null,
        ["discounts"] = new JsonArray(),
        ["due_date"] = null,
        ["effective_at"] = null,
        ["ending_balance"] = null,
        ["footer"] = null,
        ["from_invoice"] = null,
        ["hosted_invoice_url"] = null,
        ["invoice_pdf"] = null,
        ["issuer"] = new JsonObject { ["type"] = "self" },
        ["last_finalization_error"] = null,
        ["latest_revision"] = null,
        ["livemode"] = false,
        ["metadata"] = new JsonObject(),
        ["next_payment_attempt"] = null,
        ["number"] = null,
        ["on_behalf_of"] = null,
        ["parent"] = subscriptionId is null ? null : new JsonObject
        {
            ["quote_details"] = null,
            ["subscription_details"] = new JsonObject { ["metadata"] = null, ["subscription"] = subscriptionId },
            ["type"] = "subscription_details",
        },
        ["payment_settings"] = new JsonObject
        {
            ["default_mandate"] = null, ["payment_method_options"] = null, ["payment_method_types"] = null,
        },
        ["period_end"] = now,
        ["period_start"] = now,
        ["post_payment_credit_notes_amount"] = 0L,
        ["pre_payment_credit_notes_amount"] = 0L,
        ["receipt_number"] = null,
        ["rendering"] = null,
        ["shipping_cost"] = null,
        ["shipping_details"] = null,
        ["starting_balance"] = customer["balance"]!.DeepClone(),
        ["statement_descriptor"] = null,
        ["status"] = "draft",
        ["status_transitions"] = new JsonObject
        {
            ["finalized_at"] = null, ["marked_uncollectible_at"] = null, ["paid_at"] = null, ["voided_at"] = null,
        },
        ["subscription"] = subscriptionId,
        ["subtotal"] = 0L,
        ["subtotal_excluding_tax"] = 0L,
        ["test_clock"] = customer["test_clock"]?.DeepClone(),
        ["total"] = 0L,
        ["total_discount_amounts"] = new JsonArray(),
        ["total_excluding_tax"] = 0L,
        ["total_pretax_credit_amounts"] = new JsonArray(),
        ["total_taxes"] = new JsonArray(),
        ["webhooks_delivered_at"] = null,
    };

    private static JsonObject Create(StripeRequest request)
    {
        var p = request.Params.Allow("account_tax_ids", "application_fee_amount", "auto_advance", "automatic_tax",
            "automatically_finalizes_at", "collection_method", "currency", "custom_fields", "customer", "customer_account",
            "days_until_due",
            "default_payment_method", "default_source", "default_tax_rates", "description", "discounts", "due_date", "effective_at",
            "footer", "from_invoice", "issuer", "metadata", "number", "on_behalf_of", "payment_settings", "pending_invoice_items_behavior",
            "rendering", "shipping_cost", "shipping_details", "statement_descriptor", "subscription", "transfer_data");
        var customerId = p.Required("customer");
        var customer = CustomerApi.Live(request.Account, customerId, "customer");
        var now = Subscriptions.NowFor(request.Account, customerId);
        var method = p.Enum("collection_method", "charge_automatically", "send_invoice") ?? "charge_automatically";
        var daysUntilDue = p.NonNegativeLong("days_until_due");
        var dueDate = p.Timestamp("due_date");
        if (method == "send_invoice" && daysUntilDue is null && dueDate is null)
        {
            throw StripeErrorException.Invalid(
                "Invoices with `collection_method=send_invoice` need `days_until_due` or `due_date`.",
                "days_until_due",
                "parameter_missing");
        }

        if (method == "charge_automatically" && (daysUntilDue is not null || dueDate is not null))
        {
            throw StripeErrorException.Invalid(
                "`days_until_due` and `due_date` can only be set when `collection_method=send_invoice`.", daysUntilDue is not null
                    ? "days_until_due" : "due_date");
        }

        string? subscriptionId = null;
        if (p.NonEmpty("subscription") is { } subscriptionParam)
        {
            subscriptionId = SubscriptionApi.Find(request.Account, subscriptionParam, "subscription")["id"]!.GetValue<string>();
        }

        var currency = p.NonEmpty("currency") is { } c
            ? Currencies.Parse(c, "currency")
            : customer["currency"]?.GetValue<string>() ?? "usd";
        var invoice = New(customer, currency, subscriptionId, method, now);
        invoice["auto_advance"] = p.Bool("auto_advance") ?? false;
        invoice["description"] = p.NonEmpty("description");
        invoice["due_date"] = dueDate ?? (daysUntilDue is { } days ? now + (days * 86_400) : null);
        invoice["footer"] = p.NonEmpty("footer");
        invoice["metadata"] = Metadata.Apply(p, null);
        invoice["statement_descriptor"] = p.NonEmpty("statement_descriptor");
        request.Account.Store.Add(invoice);
        if ((p.Enum("pending_invoice_items_behavior", "exclude", "include") ?? "exclude") == "include")
        {
            foreach (var item in request.Account.Store.NewestFirst("invoiceitem", "customer", customerId).Where(i =>
                         i["invoice"] is null
                         && i["currency"]!.GetValue<string>() == currency))
            {
                item["invoice"] = invoice["id"]!.DeepClone();
            }
        }

        return request.Account.Render(invoice);
    }

    private static JsonObject Retrieve(StripeRequest request)
    {
        request.Params.Allow();
        return request.Account.Render(request.Account.Store.Get("invoice", request.Route(), "invoice"));
    }

    private static JsonObject Update(StripeRequest request)
    {
        // Every InvoiceUpdateOptions parameter is accepted; the sandbox keeps auto_advance, description, footer and metadata.
        var p = request.Params.Allow("account_tax_ids", "application_fee_amount", "auto_advance", "automatic_tax",
            "automatically_finalizes_at", "collection_method", "custom_fields", "days_until_due", "default_payment_method",
            "default_source",
            "default_tax_rates", "description", "discounts", "due_date", "effective_at", "footer", "issuer", "metadata", "number",
            "on_behalf_of", "payment_settings", "rendering", "shipping_cost", "shipping_details", "statement_descriptor", "transfer_data");
        var invoice = request.Account.Store.Get("invoice", request.Route(), "invoice");
        if (invoice["status"]!.GetValue<string>() != "draft" && p.Keys.Any(k => k != "metadata"))
        {
            throw StripeErrorException.Invalid("You can only update the metadata of an invoice that is no longer a draft.", p.Keys.First());
        }

        if (p.Bool("auto_advance") is { } autoAdvance)
        {
            invoice["auto_advance"] = autoAdvance;
        }

        CustomerApi.SetNullable(p, invoice, "description");
        CustomerApi.SetNullable(p, invoice, "footer");
        invoice["metadata"] = Metadata.Apply(p, invoice["metadata"] as JsonObject);
        return request.Account.Render(invoice);
    }

    private static JsonObject Delete(StripeRequest request)
    {
        request.Params.Allow();
        var invoice = request.Account.Store.Get("invoice", request.Route(), "invoice");
        var id = invoice["id"]!.GetValue<string>();
        if (invoice["status"]!.GetValue<string>() != "draft")
        {
            throw StripeErrorException.Invalid("You can only delete draft invoices.", "id");
        }

        foreach (var item in request.Account.Store.NewestFirst("invoiceitem", "invoice", id))
        {
            item["invoice"] = null;
        }

        request.Account.Store.Remove("invoice", id);
        return new JsonObject { ["id"] = id, ["object"] = "invoice", ["deleted"] = true };
    }

    private static JsonObject Finalize(StripeRequest request)
    {
        request.Params.Allow("auto_advance");
        var invoice = request.Account.Store.Get("invoice", request.Route(), "invoice");
        if (invoice["status"]!.GetValue<string>() != "draft")
        {
            throw StripeErrorException.Invalid("This invoice is already finalized, you can't re-finalize a non-draft invoice.", "id");
        }

        var now = Subscriptions.NowFor(request.Account, invoice["customer"]!.GetValue<string>());
        if (request.Params.Bool("auto_advance") is { } autoAdvance)
        {
            invoice["auto_advance"] = autoAdvance;
        }

        FinalizeNow(request.Account, invoice, now);
        return request.Account.Render(invoice);
    }

    /// <summary>Numbers the invoice from its customer's prefix and sequence, and opens it (paid, when it is for nothing).</summary>
    public static void FinalizeNow(StripeAccount account, JsonObject invoice, long now)
    {
        var customer = account.Store.Get("customer", invoice["customer"]!.GetValue<string>(), "customer", "customer");
        var sequence = customer["next_invoice_sequence"]!.GetValue<long>();
        customer["next_invoice_sequence"] = sequence + 1;
        invoice["number"] = $"{customer["invoice_prefix"]}-{sequence.ToString("D4", CultureInfo.InvariantCulture)}";
        invoice["effective_at"] = now;
        invoice["status_transitions"]!["finalized_at"] = now;
        var total = account.Render(invoice)["total"]!.GetValue<long>();
        invoice["status"] = total == 0 ? "paid" : "open";
        if (total == 0)
        {
            invoice["status_transitions"]!["paid_at"] = now;
        }
    }

    /// <summary>Pays an invoice now, finalizing a draft first, as Stripe does.</summary>
    private static JsonObject Pay(StripeRequest request)
    {
        var p = request.Params.Allow("forgive", "mandate", "off_session", "paid_out_of_band", "payment_method", "source");
        _ = p.Bool("forgive");
        _ = p.Bool("off_session");
        var outOfBand = p.Bool("paid_out_of_band") ?? false;
        var invoice = request.Account.Store.Get("invoice", request.Route(), "invoice");
        var status = invoice["status"]!.GetValue<string>();
        if (status == "paid")
        {
            throw StripeErrorException.Invalid("Invoice is already paid", null);
        }

        if (status is not ("draft" or "open"))
        {
            throw StripeErrorException.Invalid($"You can only pay open invoices; this invoice is `{status}`.", "id");
        }

        var customerId = invoice["customer"]!.GetValue<string>();
        var customer = request.Account.Store.Get("customer", customerId, "customer", "customer");
        var method = p.NonEmpty("payment_method") ?? p.NonEmpty("source") ?? invoice["default_payment_method"]?.GetValue<string>()
            ?? invoice["default_source"]?.GetValue<string>() ?? customer["invoice_settings"]?["default_payment_method"]?.GetValue<string>()
            ?? customer["default_source"]?.GetValue<string>();
        var now = Subscriptions.NowFor(request.Account, customerId);
        if (status == "draft")
        {
            FinalizeNow(request.Account, invoice, now);
        }

        if (invoice["status"]!.GetValue<string>() == "open")
        {
            if (!outOfBand && method is null)
            {
                throw StripeErrorException.Invalid(
                    "This customer has no attached payment source or default payment method. Please consider adding a default payment method.", null);
            }

            invoice["status"] = "paid";
            invoice["status_transitions"]!["paid_at"] = now;
        }

        return request.Account.Render(invoice);
    }

    private static JsonObject Void(StripeRequest request)
    {
        request.Params.Allow();
        var invoice = request.Account.Store.Get("invoice", request.Route(), "invoice");
        if (invoice["status"]!.GetValue<string>() != "open")
        {
            throw StripeErrorException.Invalid($"You can only void open invoices; this invoice is `{invoice["status"]}`.", "id");
        }

        invoice["status"] = "void";
        invoice["status_transitions"]!["voided_at"] = Subscriptions.NowFor(request.Account, invoice["customer"]!.GetValue<string>());
        return request.Account.Render(invoice);
    }

    private static JsonObject Lines(StripeRequest request)
    {
        var invoice = request.Account.Store.Get("invoice", request.Route(), "invoice");
        var p = request.Params.Allow(ListPage.Parameters.Split(','));
        var lines = LineItems(request.Account, invoice["id"]!.GetValue<string>());
        lines.Reverse();
        return ListPage.Build(p, lines, $"/v1/invoices/{invoice["id"]}/lines", "line item", l => l);
    }

    private static JsonObject List(StripeRequest request)
    {
        var p = request.Params.Allow([.. ListPage.Parameters.Split(','), "collection_method", "created", "customer", "customer_account",
            "due_date", "status", "subscription"]);
        var customer = p.NonEmpty("customer");
        var status = p.Enum("status", "draft", "open", "paid", "uncollectible", "void");
        var subscription = p.NonEmpty("subscription");
        var method = p.Enum("collection_method", "charge_automatically", "send_invoice");
        var created = Listing.Created(p);
        return Listing.List(request, "invoice", "invoice", i =>
            (customer is null || i["customer"]!.GetValue<string>() == customer)
            && (status is null || i["status"]!.GetValue<string>() == status)
            && (subscription is null || i["parent"]?["subscription_details"]?["subscription"]?.GetValue<string>() == subscription)
            && (method is null || i["collection_method"]!.GetValue<string>() == method)
            && created(i), "/v1/invoices", ("customer", customer));
    }
}
