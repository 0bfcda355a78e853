using CpqSync.Core.Configuration;
using CpqSync.Core.Errors;
using CpqSync.Core.Mapping;

namespace CpqSync.Core.Planning;

/// <summary>Account → Customer (spec §2): reuse the written-back customer, refresh it, or create it.</summary>
internal static class CustomerPlanner
{
    public static ParamValue Plan(PlanContext context)
    {
        var account = context.Records.Follow(context.Order, "Account")
            ?? throw context.Failure(SyncErrorCode.RequiredMappingEmpty, context.Order, "AccountId");

        var parameters = new StripeParams()
            .SetIfPresent("name", account.GetString("Name"))
            .SetIfPresent("description", account.GetString("Description"));
        if (context.Settings.MapPrimaryContactEmail)
        {
            var quote = context.Records.Follow(context.Order, "SBQQ__Quote__c");
            var contact = quote is null ? null : context.Records.Follow(quote, "SBQQ__PrimaryContact__c");
            parameters.SetIfPresent("email", contact?.GetString("Email"));
        }

        parameters.Set("metadata", context.Metadata(account));
        FieldMappingApplier.Apply(context, StripeObjectKeys.Customer, parameters, account);

        var existing = account.GetString("Stripe_ID__c");
        if (existing is not null && context.Stripe.Customers.Contains(existing))
        {
            var id = ParamValue.Literal(existing);
            if (context.Settings.UpdateCustomerOnOrderSync)
            {
                context.AddOperation($"customer:{account.Id}", StripeOperationKind.UpdateCustomer, "/v1/customers/{id}", id, parameters, account);
            }

            return id;
        }

        var created = context.AddOperation($"customer:{account.Id}", StripeOperationKind.CreateCustomer, "/v1/customers", null, parameters, account);
        context.WriteBackId(account, created, "customers");
        return created;
    }
}
