using CpqSync.Core.Configuration;
using CpqSync.Core.Errors;

namespace CpqSync.Core.Tests;

public class ConfigurationTests
{
    private const string Document = """
        {
          "field_defaults": { "subscription_schedule": { "end_behavior": "release" },
                              "customer": { "metadata.Source": "Salesforce" } },
          "field_mappings": { "customer": { "email": "Billing_Email__c" },
                              "subscription_schedule": { "default_settings.invoice_settings.days_until_due": "SBQQ__Quote__c.SBQQ__PaymentTerms__c",
                                                         "metadata.tax_id": "Account.Tax_ID__c" } },
          "settings": { "default_currency": "eur", "prorate_precision": "monthly_daily", "sync_start_date": "2024-01-01",
                        "time_zone": "Europe/Paris" }
        }
        """;

    private static readonly SalesforceDescribeCatalog Describe = new SalesforceDescribeCatalog()
        .Add("Account", [Field("Name"), Field("Billing_Email__c", "email"), Field("Tax_ID__c"), Field("Phone", "phone"),
            Field("NumberOfEmployees", "int"), Field("Secret__c", readable: false), Field("BillingAddress", "address")], ["Orders", "Contacts"])
        .Add("Order", [Field("AccountId", "reference", "Account"), Field("SBQQ__Quote__c", "reference", "SBQQ__Quote__c"),
            Field("SBQQ__PaymentTerm__c", "picklist"), Field("EffectiveDate", "date"), Field("Name")], ["OrderItems"])
        .Add("SBQQ__Quote__c", [Field("SBQQ__PaymentTerms__c", "picklist"), Field("SBQQ__StartDate__c", "date")])
        .Add("OrderItem", [Field("OrderId", "reference", "Order"), Field("Quantity", "double"), Field("Description", "textarea")]);

    [Fact]
    public void The_documented_configuration_format_loads()
    {
        var configuration = ConfigurationJson.Load(Document);

        Assert.Equal("release", configuration.FieldDefaults["subscription_schedule"]["end_behavior"]);
        Assert.Equal("Account.Tax_ID__c", configuration.FieldMappings["subscription_schedule"]["metadata.tax_id"]);
        Assert.Equal("eur", configuration.Settings.DefaultCurrency);
        Assert.Equal(ProratePrecision.MonthlyDaily, configuration.Settings.ProratePrecision);
        Assert.Equal(new DateOnly(2024, 1, 1), configuration.Settings.SyncStartDate);
        Assert.Equal("Europe/Paris", configuration.Settings.TimeZone.Id);
        Assert.True(configuration.Settings.UpdateCustomerOnOrderSync);
    }

    [Fact]
    public void Saving_then_loading_keeps_everything_and_saving_is_stable()
    {
        var saved = ConfigurationJson.Save(ConfigurationJson.Load(Document));
        var again = ConfigurationJson.Save(ConfigurationJson.Load(saved));

        Assert.Equal(saved, again);
        Assert.Contains("\"metadata.Source\": \"Salesforce\"", saved, StringComparison.Ordinal);
        Assert.Contains("\"time_zone\": \"Europe/Paris\"", saved, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_constants_may_be_json_numbers_and_booleans()
    {
        var configuration = ConfigurationJson.Load("""{ "field_defaults": { "subscription": { "days_until_due": 30, "cancel_at_period_end": false } } }""");

        Assert.Equal("30", configuration.FieldDefaults["subscription"]["days_until_due"]);
        Assert.Equal("false", configuration.FieldDefaults["subscription"]["cancel_at_period_end"]);
    }

    [Fact]
    public void An_unknown_setting_is_rejected_rather_than_ignored()
    {
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => ConfigurationJson.Load("""{ "settings": { "defualt_currency": "usd" } }"""));
    }

    [Fact]
    public void The_documented_example_is_valid()
    {
        Assert.Empty(MappingValidator.Validate(ConfigurationJson.Load(Document), Describe));
    }

    [Theory]
    [InlineData("customer", "email", "Billing_Emial__c", "MAPPING_UNKNOWN_SALESFORCE_FIELD",
        "Mapping 'field_mappings.customer.email': field 'Billing_Emial__c' does not exist on Account or is not readable.")]
    [InlineData("customer", "description", "Secret__c", "MAPPING_UNKNOWN_SALESFORCE_FIELD",
        "Mapping 'field_mappings.customer.description': field 'Secret__c' does not exist on Account or is not readable.")]
    [InlineData("subscription_schedule", "metadata.first_line", "OrderItems.Description", "MAPPING_TO_MANY_PATH",
        "Mapping 'field_mappings.subscription_schedule.metadata.first_line': 'OrderItems' is not a to-one lookup on Order; only to-one relationships can be followed.")]
    [InlineData("customer", "emial", "Billing_Email__c", "MAPPING_UNKNOWN_STRIPE_FIELD",
        "Mapping 'field_mappings.customer.emial': 'emial' is not a parameter of the Stripe customer object.")]
    [InlineData("customer", "created", "Name", "MAPPING_READ_ONLY_STRIPE_FIELD",
        "Mapping 'field_mappings.customer.created': 'created' cannot be set when creating a Stripe customer.")]
    [InlineData("subscription_item", "price", "Description", "MAPPING_CONNECTOR_OWNED_FIELD",
        "Mapping 'field_mappings.subscription_item.price': 'price' is set by CpqSync and cannot be mapped.")]
    [InlineData("customer", "next_invoice_sequence", "Name", "MAPPING_TYPE_MISMATCH",
        "Mapping 'field_mappings.customer.next_invoice_sequence': a string field value cannot be written to 'next_invoice_sequence', which expects an integer.")]
    [InlineData("opportunity", "name", "Name", "MAPPING_UNKNOWN_OBJECT_KEY",
        "Mapping 'field_mappings.opportunity.name': 'opportunity' is not a Stripe object key CpqSync maps.")]
    public void Invalid_mappings_are_rejected_naming_the_mapping(string objectKey, string destination, string source, string code, string message)
    {
        if (!StripeObjectKeys.SourceObject.ContainsKey(objectKey))
        {
            // Unknown keys fail before the source is read; give the validator a source object to look at anyway.
            Assert.Equal(message, Validate(objectKey, destination, source).Single().Message);
            return;
        }

        var error = Validate(objectKey, destination, source).Single();

        Assert.Equal(code, error.CodeName);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void A_default_outside_an_enum_is_a_type_mismatch()
    {
        var configuration = new SyncConfiguration
        {
            FieldDefaults = new Dictionary<string, IReadOnlyDictionary<string, string>>
            {
                ["subscription_schedule"] = new Dictionary<string, string> { ["end_behavior"] = "renew" },
            },
        };

        var error = MappingValidator.Validate(configuration, Describe).Single();

        Assert.Equal(SyncErrorCode.MappingTypeMismatch, error.Code);
        Assert.Equal("Mapping 'field_defaults.subscription_schedule.end_behavior': a 'renew' value cannot be written to 'end_behavior', which expects one of cancel, release.", error.Message);
    }

    [Fact]
    public void A_payment_term_picklist_may_feed_days_until_due()
    {
        Assert.Empty(Validate("subscription_schedule", "default_settings.invoice_settings.days_until_due", "SBQQ__PaymentTerm__c"));
    }

    [Fact]
    public void A_list_index_in_a_destination_names_the_same_parameter()
    {
        Assert.Empty(Validate("subscription_schedule", "phases.0.trial_end", "EffectiveDate"));
    }

    [Fact]
    public void A_date_may_feed_a_timestamp()
    {
        Assert.Empty(Validate("subscription", "trial_end", "EffectiveDate"));
    }

    private static IReadOnlyList<SyncError> Validate(string objectKey, string destination, string source) =>
        MappingValidator.Validate(new SyncConfiguration
        {
            FieldMappings = new Dictionary<string, IReadOnlyDictionary<string, string>>
            {
                [objectKey] = new Dictionary<string, string> { [destination] = source },
            },
        }, Describe);

    private static SalesforceField Field(string name, string type = "string", string? referenceTo = null, bool readable = true) =>
        new(name, type, referenceTo is null ? [] : [referenceTo], readable);
}
