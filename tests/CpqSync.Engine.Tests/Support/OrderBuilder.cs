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

    private static readonly string[] ScheduleFields = ["SBQQ__Type__c", "SBQQ__RatingMethod__c", "SBQQ__BillingTerm__c", "SBQQ__BillingTermUnit__c", "SBQQ__Category__c"];

    private static readonly string[] RateFields =
        ["SBQQ__ProcessingOrder__c", "SBQQ__LowerBound__c", "SBQQ__UpperBound__c", "SBQQ__PricingMethod__c", "SBQQ__Price__c"];

    /// <summary>
    /// An activated order like <paramref name="templateOrderId"/> with <paramref name="lines"/> copies of its first line
    /// (its first usage line with <paramref name="usage"/>, each copy with its own copy of CPQ's usage schedule and rates).
    /// </summary>
    /// <param name="chargeType">Copies the first line of this charge type (<c>One-Time</c> makes an invoice-only order).</param>
    public static async Task<string> CopyAsync(
        SalesforceClient client, string templateOrderId, int lines, string description, bool usage = false, string? chargeType = null)
    {
        var token = TestCancellation.Token;
        var template = await client.RetrieveAsync("Order", templateOrderId, OrderFields, token);
        var order = Copy(template, OrderFields);
        order["Description"] = description;
        var orderId = (await client.CreateAsync("Order", order, token)).Id!;

        JsonObject? line = null;
        string? templateLineId = null;
        await foreach (var row in client.QueryAsync(
            Soql.Query($"SELECT Id, {Soql.Fields(LineFields)} FROM OrderItem WHERE OrderId = {templateOrderId} AND SBQQ__BillingType__c {(usage ? Soql.Query($"= {"Arrears"}") : Soql.Query($"!= {"Arrears"}"))}{(chargeType is null ? Soql.Query($"") : Soql.Query($" AND SBQQ__ChargeType__c = {chargeType}"))} ORDER BY OrderItemNumber LIMIT 1"),
            cancellationToken: token))
        {
            templateLineId = row["Id"]!.GetValue<string>();
            line = Copy(row, LineFields);
        }

        var copies = Enumerable.Range(0, lines).Select(_ =>
        {
            var copy = (JsonObject)line!.DeepClone();
            copy["OrderId"] = orderId;
            return copy;
        }).ToList();
        var created = await client.CreateManyAsync("OrderItem", copies, allOrNone: true, cancellationToken: token);
        if (usage)
        {
            await CopySchedulesAsync(client, templateLineId!, created.Select(static r => r.Id!).ToList(), token);
        }

        await client.UpdateAsync("Order", orderId, new JsonObject { ["Status"] = "Activated" }, token);
        return orderId;
    }

    private static async Task CopySchedulesAsync(SalesforceClient client, string templateLineId, List<string> lineIds, CancellationToken token)
    {
        JsonObject? schedule = null;
        string? scheduleId = null;
        await foreach (var row in client.QueryAsync(Soql.Query(
            $"SELECT Id, SBQQ__ConsumptionSchedule__c, {Soql.Fields(ScheduleFields)} FROM SBQQ__OrderItemConsumptionSchedule__c WHERE SBQQ__OrderItem__c = {templateLineId}"),
            cancellationToken: token))
        {
            scheduleId = row["Id"]!.GetValue<string>();
            schedule = Copy(row, [.. ScheduleFields, "SBQQ__ConsumptionSchedule__c"]);
        }

        var rates = new List<JsonObject>();
        await foreach (var row in client.QueryAsync(Soql.Query(
            $"SELECT {Soql.Fields(RateFields)} FROM SBQQ__OrderItemConsumptionRate__c WHERE SBQQ__OrderItemConsumptionSchedule__c = {scheduleId}"),
            cancellationToken: token))
        {
            rates.Add(Copy(row, RateFields));
        }

        var schedules = lineIds.Select(id =>
        {
            var copy = (JsonObject)schedule!.DeepClone();
            copy["SBQQ__OrderItem__c"] = id;
            return copy;
        }).ToList();
        var createdSchedules = await client.CreateManyAsync("SBQQ__OrderItemConsumptionSchedule__c", schedules, allOrNone: true, cancellationToken: token);
        var rateCopies = createdSchedules.SelectMany(s => rates.Select(r =>
        {
            var copy = (JsonObject)r.DeepClone();
            copy["SBQQ__OrderItemConsumptionSchedule__c"] = s.Id;
            return copy;
        })).ToList();
        await client.CreateManyAsync("SBQQ__OrderItemConsumptionRate__c", rateCopies, allOrNone: true, cancellationToken: token);
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
