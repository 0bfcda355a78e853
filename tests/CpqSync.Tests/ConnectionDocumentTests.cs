using System.Text.Json.Nodes;
using CpqSync.Core.Configuration;
using CpqSync.Engine.Connections;
using CpqSync.Engine.Filters;

namespace CpqSync.Tests;

/// <summary>The connection's configuration document: what <c>config export</c> writes and <c>config import</c> reads.</summary>
public sealed class ConnectionDocumentTests
{
    [Fact]
    public void A_saved_document_loads_back_the_same()
    {
        var document = new ConnectionDocument
        {
            Mappings = ConfigurationJson.Load("""
                { "field_mappings": { "customer": { "email": "Billing_Email__c" } },
                  "field_defaults": { "customer": { "metadata.Source": "Salesforce" } },
                  "settings": { "multi_currency_enabled": true, "default_currency": "USD" } }
                """),
            Preferences = new SyncPreferences
            {
                StartDate = new DateOnly(2025, 1, 1),
                Filters =
                [
                    SyncPreferences.ActivatedOrders,
                    SyncFilter.Create("Order", "Type", FilterOperator.In, "New", "Renewal"),
                    SyncFilter.Create("Account", "Industry", FilterOperator.IsNotNull),
                ],
            },
            LiveSync = true,
            SyncRecordRetention = 5,
            PollingInterval = TimeSpan.FromMinutes(2),
        };

        var json = ConnectionDocumentJson.Save(document);
        var loaded = ConnectionDocumentJson.Load(json);

        Assert.Equal(json, ConnectionDocumentJson.Save(loaded));
        Assert.Equal("Billing_Email__c", loaded.Mappings.FieldMappings["customer"]["email"]);
        Assert.True(loaded.Mappings.Settings.MultiCurrencyEnabled);
        Assert.Equal(new DateOnly(2025, 1, 1), loaded.Preferences.StartDate);
        Assert.Equal(["New", "Renewal"], loaded.Preferences.Filters[1].Values);
        Assert.Empty(loaded.Preferences.Filters[2].Values);
        Assert.True(loaded.LiveSync);
        Assert.Equal(5, loaded.SyncRecordRetention);
        Assert.Equal(TimeSpan.FromMinutes(2), loaded.PollingInterval);
        var filter = JsonNode.Parse(json)!["preferences"]!["filters"]![0]!;
        Assert.Equal("""{"object":"Order","field":"Status","operator":"EqualTo","value":"Activated"}""", filter.ToJsonString());
    }

    [Fact]
    public void A_mappings_only_document_gets_the_default_preferences()
    {
        var loaded = ConnectionDocumentJson.Load("""{ "settings": { "default_currency": "EUR" } }""");

        Assert.Equal("EUR", loaded.Mappings.Settings.DefaultCurrency);
        Assert.Null(loaded.Preferences.StartDate);
        Assert.Equal([SyncPreferences.ActivatedOrders], loaded.Preferences.Filters);
        Assert.False(loaded.LiveSync);
        Assert.Equal(20, loaded.SyncRecordRetention);
        Assert.Equal(TimeSpan.FromSeconds(30), loaded.PollingInterval);
    }

    [Fact]
    public void Filter_values_may_be_numbers_booleans_or_lists()
    {
        var loaded = ConnectionDocumentJson.Load("""
            { "preferences": { "filters": [
                { "object": "Order", "field": "TotalAmount", "operator": "greater_than", "value": 1000 },
                { "object": "Account", "field": "IsPartner", "operator": "EqualTo", "value": true },
                { "object": "Order", "field": "Type", "operator": "NotIn", "value": ["Amendment", "Renewal, late"] } ] } }
            """);

        Assert.Equal([1000m], loaded.Preferences.Filters[0].Values);
        Assert.Equal(FilterOperator.GreaterThan, loaded.Preferences.Filters[0].Operator);
        Assert.Equal([true], loaded.Preferences.Filters[1].Values);
        Assert.Equal(["Amendment", "Renewal, late"], loaded.Preferences.Filters[2].Values);
    }

    [Fact]
    public void The_engine_runs_the_documents_preferences()
    {
        var id = Guid.NewGuid();
        var document = new ConnectionDocument { SyncRecordRetention = 3 };

        var connection = document.ToEngineConnection(id, stripeTestMode: true);

        Assert.Equal(id, connection.Id);
        Assert.Equal(3, connection.SyncRecords.RetentionCount);
        Assert.True(connection.SyncRecords.StripeTestMode);
        Assert.Same(document.Preferences, connection.Preferences);
    }

    [Fact]
    public void A_test_mode_key_turns_test_clocks_on_unless_the_settings_turn_them_off()
    {
        var document = new ConnectionDocument();
        var off = document with { Mappings = document.Mappings with { Settings = document.Mappings.Settings with { TestClocks = false } } };

        var test = document.ToEngineConnection(Guid.NewGuid(), stripeTestMode: true).Configuration.Settings;
        var live = document.ToEngineConnection(Guid.NewGuid(), stripeTestMode: false).Configuration.Settings;
        var optedOut = off.ToEngineConnection(Guid.NewGuid(), stripeTestMode: true).Configuration.Settings;

        Assert.True(test.StripeTestMode);
        Assert.True(test.TestClocks ?? test.StripeTestMode);
        Assert.False(live.TestClocks ?? live.StripeTestMode);
        Assert.False(optedOut.TestClocks ?? optedOut.StripeTestMode);
    }

    [Theory]
    [InlineData("""{ "preferences": { "filters": [ { "object": "Order", "field": "Status", "operator": "Equals", "value": "x" } ] } }""",
        "$.preferences.filters[0].operator: 'Equals' is not an operator")]
    [InlineData("""{ "preferences": { "filters": [ { "object": "Order", "operator": "EqualTo", "value": "x" } ] } }""",
        "$.preferences.filters[0].field: is missing.")]
    [InlineData("""{ "preferences": { "sync_record_retention": 0 } }""",
        "$.preferences.sync_record_retention: must be a whole number of at least 1, not 0.")]
    [InlineData("""{ "preferences": { "polling_interval": "00:00:00.5" } }""",
        "$.preferences.polling_interval: '00:00:00.5' is not a duration between 00:00:01 and 1.00:00:00")]
    [InlineData("""{ "preferences": { "live_sync": "yes" } }""", "$.preferences.live_sync: must be true or false, not \"yes\".")]
    [InlineData("""{ "preferences": { "live_sync_mode": "streaming" } }""", "$.preferences.live_sync_mode: 'streaming' is not a live sync mode (change_events, polling).")]
    [InlineData("""{ "preferences": { "start_date": "01/02/2025" } }""", "$.preferences.start_date: '01/02/2025' is not a date (YYYY-MM-DD).")]
    [InlineData("""{ "preferences": { "livesync": true } }""", "$.preferences.livesync: unknown key")]
    [InlineData("""{ "settings": { "default_currency": 12 } }""", "$.settings.default_currency: ")]
    [InlineData("""{ "field_mappings": { "customer": "email" } }""", "$.field_mappings.customer: ")]
    [InlineData("""{ "preferences": { "live_sync": true, } """, "$: not valid JSON")]
    [InlineData("[]", "$: the document must be a JSON object.")]
    public void A_bad_document_is_refused_with_what_and_where(string json, string expected)
    {
        var error = Assert.Throws<ConnectionDocumentException>(() => ConnectionDocumentJson.Load(json));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_live_sync_mode_and_reconciliation_interval_are_written_only_once_chosen()
    {
        var chosen = ConnectionDocumentJson.Load(
            """{ "preferences": { "live_sync_mode": "polling", "reconciliation_interval": "00:15:00" } }""");
        var untouched = ConnectionDocumentJson.Save(new ConnectionDocument());

        Assert.Equal(CpqSync.Engine.Changes.LiveSyncMode.Polling, chosen.LiveSyncMode);
        Assert.Equal(TimeSpan.FromMinutes(15), chosen.ReconciliationInterval);
        var reloaded = ConnectionDocumentJson.Load(ConnectionDocumentJson.Save(chosen));
        Assert.Equal(CpqSync.Engine.Changes.LiveSyncMode.Polling, reloaded.LiveSyncMode);
        Assert.Equal(TimeSpan.FromMinutes(15), reloaded.ReconciliationInterval);
        Assert.Null(ConnectionDocumentJson.Load(untouched).LiveSyncMode);
        Assert.DoesNotContain("live_sync_mode", untouched, StringComparison.Ordinal);
        Assert.DoesNotContain("reconciliation_interval", untouched, StringComparison.Ordinal);
    }
}
