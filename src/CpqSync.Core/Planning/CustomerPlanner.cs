using CpqSync.Core.Configuration;
using CpqSync.Core.Errors;
using CpqSync.Core.Mapping;
using CpqSync.Core.Records;
using CpqSync.Core.Salesforce;

namespace CpqSync.Core.Planning;

/// <summary>Account → Customer (docs/behaviour.md §2): reuse the written-back customer, refresh it, or create it.</summary>
internal static class CustomerPlanner
{
    public static ParamValue Plan(PlanContext context)
    {
        var account = context.Records.Follow(context.Order, "Account")
            ?? throw context.Failure(SyncErrorCode.RequiredMappingEmpty, context.Order, "AccountId");
        SfRecord? contact = null;
        if (context.Settings.MapPrimaryContactEmail)
        {
            var quote = context.Records.Follow(context.Order, "SBQQ__Quote__c");
            contact = quote is null ? null : context.Records.Follow(quote, "SBQQ__PrimaryContact__c");
        }

        return Plan(context, account, contact);
    }

    /// <param name="primaryContact">The order's quote's primary contact, whose email the customer gets; none for an account synced on its own.</param>
    public static ParamValue Plan(PlanContext context, SfRecord account, SfRecord? primaryContact)
    {
        var parameters = new StripeParams()
            .SetIfPresent("name", account.GetString("Name"))
            .SetIfPresent("description", account.GetString("Description"));
        if (context.Settings.MapPrimaryContactEmail)
        {
            parameters.SetIfPresent("email", primaryContact?.GetString("Email"));
        }

        parameters.Set("metadata", context.Metadata(account));
        FieldMappingApplier.Apply(context, StripeObjectKeys.Customer, parameters, account);

        var existing = account.GetString(PackageFields.StripeId);
        if (existing is not null && context.Stripe.Customers.Contains(existing))
        {
            var id = ParamValue.Literal(existing);
            if (context.Settings.UpdateCustomerOnOrderSync)
            {
                context.AddOperation($"customer:{account.Id}", StripeOperationKind.UpdateCustomer, "/v1/customers/{id}", id, parameters, account);
            }

            return id;
        }

        if (context.Settings.TestClocks ?? context.Settings.StripeTestMode)
        {
            // Frozen at the start of the UTC day, not the instant of planning: two orders of one new account planned
            // in parallel then send the same test-clock request and the same customer request, so Stripe replays the
            // first instead of refusing a reused idempotency key with other parameters (docs/behaviour.md §2).
            var clock = new StripeParams()
                .Set("frozen_time", new DateTimeOffset(context.Input.Now.UtcDateTime.Date, TimeSpan.Zero).ToUnixTimeSeconds())
                .Set("name", (account.GetString("Name") ?? account.Id) is var name && name.Length > 300 ? name[..300] : name);
            parameters.Set("test_clock", context.AddOperation($"test_clock:{account.Id}", StripeOperationKind.CreateTestClock,
                "/v1/test_helpers/test_clocks", null, clock, account));
        }

        var created = context.AddOperation($"customer:{account.Id}", StripeOperationKind.CreateCustomer, "/v1/customers", null, parameters, account);
        context.WriteBackId(account, created, "customers");
        return created;
    }
}
