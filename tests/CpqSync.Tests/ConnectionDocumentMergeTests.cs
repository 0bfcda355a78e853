using CpqSync.Core.Configuration;
using CpqSync.Engine.Connections;
using CpqSync.Engine.Filters;

namespace CpqSync.Tests;

/// <summary>A partial document merged into the stored one (<c>config import</c> without <c>--replace</c>) and what it changes.</summary>
public sealed class ConnectionDocumentMergeTests
{
    private static readonly ConnectionDocument Stored = new()
    {
        Mappings = ConfigurationJson.Load("""
            { "field_mappings": { "customer": { "email": "Billing_Email__c", "name": "Name" } },
              "settings": { "default_currency": "USD" } }
            """),
        Preferences = new SyncPreferences
        {
            StartDate = new DateOnly(2026, 1, 1),
            Filters = [SyncPreferences.ActivatedOrders, SyncFilter.Create("Order", "Type", FilterOperator.EqualTo, "New")],
        },
        LiveSync = true,
        SyncRecordRetention = 5,
    };

    [Fact]
    public void A_partial_document_changes_only_what_it_names()
    {
        var merged = ConnectionDocumentMerge.Merge(Stored, """{ "preferences": { "polling_interval": "00:02:00" } }""");

        Assert.True(merged.LiveSync);
        Assert.Equal(new DateOnly(2026, 1, 1), merged.Preferences.StartDate);
        Assert.Equal(2, merged.Preferences.Filters.Count);
        Assert.Equal(5, merged.SyncRecordRetention);
        Assert.Equal(TimeSpan.FromMinutes(2), merged.PollingInterval);
        Assert.Equal("Billing_Email__c", merged.Mappings.FieldMappings["customer"]["email"]);
        Assert.Equal("USD", merged.Mappings.Settings.DefaultCurrency);
        var change = Assert.Single(ConnectionDocumentMerge.Changes(Stored, merged));
        Assert.Equal("$.preferences.polling_interval: \"00:00:30\" → \"00:02:00\"", change.ToString());
    }

    [Fact]
    public void Objects_merge_key_by_key_arrays_replace_and_null_removes()
    {
        var merged = ConnectionDocumentMerge.Merge(Stored, """
            { "field_mappings": { "customer": { "email": "Other_Email__c", "name": null } },
              "preferences": { "filters": [], "start_date": null } }
            """);

        Assert.Equal("Other_Email__c", merged.Mappings.FieldMappings["customer"]["email"]);
        Assert.False(merged.Mappings.FieldMappings["customer"].ContainsKey("name"));
        Assert.Empty(merged.Preferences.Filters);
        Assert.Null(merged.Preferences.StartDate);
        Assert.True(merged.LiveSync);
        Assert.Equal(
            [
                "$.field_mappings.customer.email: \"Billing_Email__c\" → \"Other_Email__c\"",
                "$.field_mappings.customer.name: \"Name\" → (none)",
                "$.preferences.start_date: \"2026-01-01\" → (none)",
                "$.preferences.filters: [{\"object\":\"Order\",\"field\":\"Status\",\"operator\":\"EqualTo\",\"value\":\"Activated\"},{\"object\":\"Order\",\"field\":\"Type\",\"operator\":\"EqualTo\",\"value\":\"New\"}] → []",
            ],
            ConnectionDocumentMerge.Changes(Stored, merged).Select(static c => c.ToString()));
    }

    [Fact]
    public void The_same_document_changes_nothing()
    {
        var merged = ConnectionDocumentMerge.Merge(Stored, ConnectionDocumentJson.Save(Stored));

        Assert.Empty(ConnectionDocumentMerge.Changes(Stored, merged));
    }

    [Fact]
    public void A_merged_document_that_does_not_fit_names_the_path()
    {
        var e = Assert.Throws<ConnectionDocumentException>(() =>
            ConnectionDocumentMerge.Merge(Stored, """{ "preferences": { "sync_record_retention": 0 } }"""));

        Assert.Equal("$.preferences.sync_record_retention", e.Path);
    }
}
