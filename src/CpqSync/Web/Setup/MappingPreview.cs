using System.Text.RegularExpressions;
using CpqSync.Core.Configuration;
using CpqSync.Core.Planning;
using CpqSync.Engine.Preview;
using CpqSync.Engine.Snapshots;
using CpqSync.Salesforce;

namespace CpqSync.Web.Setup;

/// <summary>One Stripe call of the preview with its parameters; <see cref="Mapped"/> marks those the connection's mappings set.</summary>
public sealed record PreviewCall(string Method, string Path, string SourceRecordId, IReadOnlyList<PreviewParam> Params);

public sealed record PreviewParam(string Name, string Value, bool Mapped);

/// <summary>The preview of one object key on a sample order, or why there is none.</summary>
public sealed record MappingPreviewResult(string? OrderId, IReadOnlyList<PreviewCall> Calls, IReadOnlyList<string> Problems);

/// <summary>
/// The live preview of the mapping step: the draft mappings applied to a sample order from the org through the
/// planner (<see cref="OrderPreviewer"/>), showing the parameters the chosen Stripe object would be sent with. Nothing
/// is written anywhere.
/// </summary>
public sealed partial class MappingPreview(OrderPreviewer previewer, SalesforceClient salesforce)
{
    private static readonly Dictionary<string, StripeOperationKind[]> Kinds = new(StringComparer.Ordinal)
    {
        [StripeObjectKeys.Customer] = [StripeOperationKind.CreateCustomer, StripeOperationKind.UpdateCustomer],
        [StripeObjectKeys.Product] = [StripeOperationKind.CreateProduct, StripeOperationKind.UpdateProduct],
        [StripeObjectKeys.Price] = [StripeOperationKind.CreatePrice],
        [StripeObjectKeys.PriceOrderItem] = [StripeOperationKind.CreatePrice],
        [StripeObjectKeys.SubscriptionSchedule] = [StripeOperationKind.CreateSubscriptionSchedule, StripeOperationKind.UpdateSubscriptionSchedule],
        [StripeObjectKeys.SubscriptionItem] = [StripeOperationKind.CreateSubscriptionSchedule, StripeOperationKind.CreateSubscription],
        [StripeObjectKeys.Subscription] = [StripeOperationKind.CreateSubscription, StripeOperationKind.UpdateSubscription],
        [StripeObjectKeys.Coupon] = [StripeOperationKind.CreateCoupon],
        [StripeObjectKeys.Invoice] = [StripeOperationKind.CreateInvoice],
        [StripeObjectKeys.InvoiceItem] = [StripeOperationKind.AddInvoiceLines, StripeOperationKind.CreateInvoiceItem],
    };

    /// <summary>The most recently activated order: the default sample.</summary>
    public async Task<string?> SampleOrderIdAsync(CancellationToken cancellationToken)
    {
        var page = await salesforce.QueryPageAsync(
            Soql.Query($"SELECT Id FROM Order WHERE Status = {"Activated"} ORDER BY ActivatedDate DESC LIMIT 1"),
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return page.Records.Count > 0 ? page.Records[0]["Id"]?.GetValue<string>() : null;
    }

    public async Task<MappingPreviewResult> PreviewAsync(
        string objectKey, SyncConfiguration draft, string? orderId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        orderId = string.IsNullOrWhiteSpace(orderId) ? await SampleOrderIdAsync(cancellationToken).ConfigureAwait(false) : orderId.Trim();
        if (orderId is null)
        {
            return new MappingPreviewResult(null, [], ["The org has no activated order to preview with."]);
        }

        OrderPreview preview;
        try
        {
            preview = await previewer.PreviewAsync(orderId, draft, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (OrderNotFoundException)
        {
            return new MappingPreviewResult(orderId, [], [$"There is no order {orderId}."]);
        }

        if (preview.Result.Plan is not { } plan)
        {
            return new MappingPreviewResult(orderId, [], [.. preview.Result.Errors.Select(static e => $"{e.CodeName}: {e.Message}")]);
        }

        var kinds = Kinds.GetValueOrDefault(objectKey) ?? [];
        var mapped = MappedNames(draft, objectKey);
        var calls = plan.Operations
            .Where(o => kinds.Contains(o.Kind))
            .Select(o => new PreviewCall(
                o.Method,
                o.Path,
                o.SourceRecordId,
                [.. o.Params.Select(p => new PreviewParam(p.Key, p.Value.ToString(), mapped.Any(m => Matches(p.Key, m))))]))
            .ToList();
        return new MappingPreviewResult(
            orderId, calls, calls.Count == 0 ? [$"Syncing order {orderId} sends no {objectKey.Replace('_', ' ')} to Stripe."] : []);
    }

    /// <summary>Form names of the destinations the connection sets: <c>metadata.region</c> → <c>metadata[region]</c>.</summary>
    private static List<string> MappedNames(SyncConfiguration draft, string objectKey) =>
        [.. new[] { draft.FieldDefaults, draft.FieldMappings }
            .SelectMany(d => d.GetValueOrDefault(objectKey)?.Keys ?? [])
            .Select(static path => path.Split('.') is var parts && parts.Length > 1 ? parts[0] + string.Concat(parts.Skip(1).Select(static p => $"[{p}]")) : path)];

    /// <summary>
    /// A parameter nested in a list or another object (<c>phases[0][items][0][quantity]</c>) matches the destination it
    /// ends with, list indexes aside.
    /// </summary>
    private static bool Matches(string formName, string destination)
    {
        var name = Indexes().Replace(formName, "");
        var bracket = destination.IndexOf('[', StringComparison.Ordinal);
        var nested = bracket < 0 ? $"[{destination}]" : $"[{destination[..bracket]}]{destination[bracket..]}";
        return string.Equals(name, destination, StringComparison.Ordinal) || name.EndsWith(nested, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex Indexes();
}
