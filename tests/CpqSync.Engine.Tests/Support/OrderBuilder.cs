using System.Text.Json.Nodes;
using CpqSync.Salesforce;

namespace CpqSync.Engine.Tests.Support;

/// <summary>Creates orders through the REST API the way CPQ would: a copy of a seed order with as many lines as a test needs.</summary>
internal static class OrderBuilder
{
    private static readonly string[] OrderFields =
        ["AccountId", "OpportunityId", "SBQQ__Quote__c", "Pricebook2Id", "CurrencyIsoCode", "EffectiveDate", "EndDate", "Type", "SBQQ__PaymentTerm__c"];

    private static readonly string[] LineFields =
    [
        "PricebookEntryId", "Quantity", "UnitPrice", "ServiceDate", "EndDate", "SBQQ__QuoteLine__c", "SBQQ__OrderedQuantity__c",
        "SBQQ__BillingFrequency__c", "SBQQ__BillingType__c", "SBQQ__ChargeType__c", "SBQQ__SubscriptionPricing__c",
        "SBQQ__SubscriptionType__c", "SBQQ__SubscriptionTerm__c", "SBQQ__ProrateMultiplier__c",
    ];

    /// <summary>An activated order like <paramref name="templateOrderId"/> with <paramref name="lines"/> copies of its first line.</summary>
    public static async Task<string> CopyAsync(SalesforceClient client, string templateOrderId, int lines, string description)
    {
        var token = TestCancellation.Token;
        var template = await client.RetrieveAsync("Order", templateOrderId, OrderFields, token);
        var order = Copy(template, OrderFields);
        order["Description"] = description;
        var orderId = (await client.CreateAsync("Order", order, token)).Id!;

        JsonObject? line = null;
        await foreach (var row in client.QueryAsync(
            Soql.Query($"SELECT {Soql.Fields(LineFields)} FROM OrderItem WHERE OrderId = {templateOrderId} ORDER BY OrderItemNumber LIMIT 1"),
            cancellationToken: token))
        {
            line = Copy(row, LineFields);
        }

        var copies = Enumerable.Range(0, lines).Select(_ =>
        {
            var copy = (JsonObject)line!.DeepClone();
            copy["OrderId"] = orderId;
            return copy;
        }).ToList();
        await client.CreateManyAsync("OrderItem", copies, allOrNone: true, cancellationToken: token);
        await client.UpdateAsync("Order", orderId, new JsonObject { ["Status"] = "Activated" }, token);
        return orderId;
    }

    private static JsonObject Copy(JsonObject source, IEnumerable<string> fields)
    {
        var copy = new JsonObject();
        foreach (var field in fields)
        {
            if (source[field] is { } value)
            {
                copy[field] = value.DeepClone();
            }
        }

        return copy;
    }
}
