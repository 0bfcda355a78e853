using System.Security.Cryptography;
using System.Text;
using CpqSync.Core.Planning;
using CpqSync.Storage;
using CpqSync.Stripe;

namespace CpqSync.Engine.StripeResolution;

/// <summary>
/// A customer or product is refreshed only when its mapped fields changed since CpqSync last sent them
/// (docs/behaviour.md §2, §3.2): the store keeps, per Stripe object, the hash of the fields last sent.
/// </summary>
internal static class UnchangedUpdates
{
    /// <summary>Created with the fields an update sends, and a test clock an update cannot change.</summary>
    private const string TestClockParameter = "test_clock";

    /// <summary>The plan without the customer and product updates that would send what the object already holds.</summary>
    public static async Task<SyncPlan> DropAsync(SyncPlan plan, IdMapScope scope, CancellationToken cancellationToken)
    {
        var unchanged = new HashSet<string>(StringComparer.Ordinal);
        foreach (var operation in plan.Operations.Where(static o => IsRefresh(o.Kind) && o.Target is { IsReference: false }))
        {
            var known = await scope.Store.FindStripeObjectAsync(scope.ConnectionId, operation.Target!.Value.Text!, cancellationToken).ConfigureAwait(false);
            if (known?.FieldsHash is { } hash && hash == FieldsHash(operation))
            {
                unchanged.Add(operation.Id);
            }
        }

        return unchanged.Count == 0 ? plan : plan with { Operations = plan.Operations.Where(o => !unchanged.Contains(o.Id)).ToList() };
    }

    /// <summary>
    /// Remembers what the applied customer and product creations and updates sent, and which test clock each new
    /// customer lives on (<c>""</c> for none), so the next sync neither sends them again nor reads the customer.
    /// </summary>
    public static async Task RememberAsync(SyncPlan plan, StripeApplyResult applied, IdMapScope scope, CancellationToken cancellationToken)
    {
        var operations = plan.Operations.ToDictionary(static o => o.Id, StringComparer.Ordinal);
        foreach (var done in applied.Applied)
        {
            if (!operations.TryGetValue(done.OperationId, out var operation) || !(IsRefresh(done.Kind) || IsCreation(done.Kind)))
            {
                continue;
            }

            string? clock = null;
            if (done.Kind == StripeOperationKind.CreateCustomer)
            {
                clock = operation.Params.FirstOrDefault(static p => p.Key == TestClockParameter) is { Value.Ref: { } clockOperation }
                    ? applied.StripeIds.GetValueOrDefault(clockOperation)
                    : "";
            }

            await scope.Store.RecordStripeObjectAsync(new KnownStripeObject(scope.ConnectionId, done.StripeId, FieldsHash(operation), clock),
                cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsRefresh(StripeOperationKind kind) => kind is StripeOperationKind.UpdateCustomer or StripeOperationKind.UpdateProduct;

    private static bool IsCreation(StripeOperationKind kind) => kind is StripeOperationKind.CreateCustomer or StripeOperationKind.CreateProduct;

    /// <summary>SHA-256 of the parameters (references stay symbolic), the test clock left out: creation and update then hash alike.</summary>
    private static string FieldsHash(StripeOperation operation)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in operation.Params.Where(static p => p.Key != TestClockParameter))
        {
            text.Append(name).Append('=').Append(value.ToString()).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
