namespace CpqSync.Core.Configuration;

/// <summary>The kind of value a Stripe parameter takes.</summary>
public enum StripeParameterType
{
    String,
    Integer,
    Decimal,
    Boolean,
    Timestamp,
    Enum,
}

/// <summary>One settable Stripe create parameter (dot path) and its type; enums list their values.</summary>
public sealed record StripeParameter(string Path, StripeParameterType Type, IReadOnlyList<string>? Values = null);

/// <summary>
/// Which Stripe create parameters each mapper key may target (docs/behaviour.md §10 validation). A curated subset of the
/// Stripe API reference: the parameters a Salesforce field plausibly feeds. <c>metadata.*</c> is open on all.
/// </summary>
public static class StripeParameterCatalogue
{
    /// <summary>Parameters CpqSync sets itself: linkage and structure (docs/behaviour.md §10 "connector-owned").</summary>
    private static readonly HashSet<string> ConnectorOwned = new(StringComparer.Ordinal)
    {
        "customer", "items", "price", "product", "phases", "invoice", "add_invoice_items", "tiers", "subscription",
    };

    /// <summary>Fields Stripe returns but never accepts on create.</summary>
    private static readonly HashSet<string> ReadOnly = new(StringComparer.Ordinal)
    {
        "id", "object", "created", "livemode", "status", "canceled_at", "completed_at", "released_at", "current_phase", "deleted", "type",
        "balance_transaction", "amount_due", "amount_paid", "amount_remaining", "unit_amount",
    };

    private static readonly Dictionary<string, Dictionary<string, StripeParameter>> Catalogue = Build();

    public static bool IsKnownObject(string objectKey) => Catalogue.ContainsKey(objectKey);

    public static bool IsConnectorOwned(string path) => ConnectorOwned.Contains(path.Split('.')[0]);

    public static bool IsReadOnly(string path) => ReadOnly.Contains(path.Split('.')[0]);

    /// <summary>The parameter at <paramref name="path"/>, or null when Stripe has no such create parameter.</summary>
    public static StripeParameter? Find(string objectKey, string path)
    {
        if (path.StartsWith("metadata.", StringComparison.Ordinal) && path.Length > 9 && path.IndexOf('.', 9) < 0)
        {
            return new StripeParameter(path, StripeParameterType.String);
        }

        return Catalogue.TryGetValue(objectKey, out var parameters) && parameters.TryGetValue(WithoutIndexes(path), out var parameter) ? parameter : null;
    }

    /// <summary><c>phases.0.trial_end</c> → <c>phases.trial_end</c>: list indexes do not change the parameter.</summary>
    public static string WithoutIndexes(string path)
    {
        if (!path.Any(char.IsAsciiDigit))
        {
            return path;
        }

        return string.Join('.', path.Split('.').Where(static s => !s.All(char.IsAsciiDigit)));
    }

    private static Dictionary<string, Dictionary<string, StripeParameter>> Build()
    {
        static StripeParameter S(string path) => new(path, StripeParameterType.String);
        static StripeParameter I(string path) => new(path, StripeParameterType.Integer);
        static StripeParameter B(string path) => new(path, StripeParameterType.Boolean);
        static StripeParameter T(string path) => new(path, StripeParameterType.Timestamp);
        static StripeParameter D(string path) => new(path, StripeParameterType.Decimal);
        static StripeParameter E(string path, params string[] values) => new(path, StripeParameterType.Enum, values);

        StripeParameter[] address(string prefix) =>
            [S($"{prefix}.line1"), S($"{prefix}.line2"), S($"{prefix}.city"), S($"{prefix}.state"), S($"{prefix}.postal_code"), S($"{prefix}.country")];
        StripeParameter[] invoiceSettings(string prefix) =>
            [I($"{prefix}.days_until_due"), S($"{prefix}.rendering.template"), I($"{prefix}.rendering.template_version"), S($"{prefix}.description")];
        StripeParameter[] price =
        [
            S("currency"), S("nickname"), S("lookup_key"), B("active"), D("unit_amount_decimal"), E("billing_scheme", "per_unit", "tiered"),
            E("tiers_mode", "graduated", "volume"), E("tax_behavior", "exclusive", "inclusive", "unspecified"),
            E("recurring.interval", "day", "week", "month", "year"), I("recurring.interval_count"), E("recurring.usage_type", "licensed", "metered"),
            S("recurring.meter"), I("transform_quantity.divide_by"), E("transform_quantity.round", "up", "down"),
        ];
        StripeParameter[] subscriptionCommon =
        [
            S("description"), E("collection_method", "charge_automatically", "send_invoice"), I("days_until_due"), S("default_payment_method"),
            B("automatic_tax.enabled"), D("application_fee_percent"), T("trial_end"), B("cancel_at_period_end"), S("on_behalf_of"),
            .. invoiceSettings("invoice_settings"),
        ];

        var objects = new Dictionary<string, StripeParameter[]>(StringComparer.Ordinal)
        {
            [StripeObjectKeys.Customer] =
            [
                S("name"), S("description"), S("email"), S("phone"), S("preferred_locales"), E("tax_exempt", "none", "exempt", "reverse"),
                S("invoice_prefix"), I("next_invoice_sequence"), S("shipping.name"), S("shipping.phone"), .. address("address"),
                .. address("shipping.address"), S("invoice_settings.footer"), S("invoice_settings.default_payment_method"), S("test_clock"),
            ],
            [StripeObjectKeys.Product] =
            [
                S("name"), S("description"), B("active"), S("statement_descriptor"), S("unit_label"), S("tax_code"), S("url"), B("shippable"),
            ],
            [StripeObjectKeys.Price] = price,
            [StripeObjectKeys.PriceOrderItem] = price,
            [StripeObjectKeys.SubscriptionSchedule] =
            [
                T("start_date"), E("end_behavior", "cancel", "release"), S("from_subscription"),
                E("default_settings.collection_method", "charge_automatically", "send_invoice"), S("default_settings.description"),
                B("default_settings.automatic_tax.enabled"), S("default_settings.default_payment_method"), S("default_settings.on_behalf_of"),
                D("default_settings.application_fee_percent"), E("default_settings.billing_cycle_anchor", "automatic", "phase_start"),
                .. invoiceSettings("default_settings.invoice_settings"),
                I("phases.iterations"), T("phases.trial_end"), E("phases.proration_behavior", "always_invoice", "create_prorations", "none"),
                S("phases.description"), E("phases.collection_method", "charge_automatically", "send_invoice"),
            ],
            [StripeObjectKeys.SubscriptionItem] = [I("quantity"), S("tax_rates")],
            [StripeObjectKeys.Subscription] = subscriptionCommon,
            [StripeObjectKeys.Coupon] =
            [
                S("name"), D("percent_off"), I("amount_off"), S("currency"), E("duration", "once", "repeating", "forever"), I("duration_in_months"),
                I("max_redemptions"), T("redeem_by"), S("id"),
            ],
            [StripeObjectKeys.Invoice] =
            [
                S("description"), S("footer"), E("collection_method", "charge_automatically", "send_invoice"), I("days_until_due"), T("due_date"),
                B("auto_advance"), B("automatic_tax.enabled"), S("statement_descriptor"), S("rendering.template"), S("number"), S("currency"),
            ],
            [StripeObjectKeys.InvoiceItem] = [S("description"), I("quantity"), B("discountable"), T("period.start"), T("period.end"), E("tax_behavior", "exclusive", "inclusive", "unspecified")],
        };

        return objects.ToDictionary(
            static o => o.Key,
            static o => o.Value.ToDictionary(static p => p.Path, StringComparer.Ordinal),
            StringComparer.Ordinal);
    }
}
