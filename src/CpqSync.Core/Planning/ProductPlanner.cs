using CpqSync.Core.Configuration;
using CpqSync.Core.Mapping;
using CpqSync.Core.Records;
using CpqSync.Core.Salesforce;

namespace CpqSync.Core.Planning;

/// <summary>Product2 → Product (docs/behaviour.md §3.2), once per product per plan; Salesforce is the master, so an existing product is refreshed.</summary>
internal static class ProductPlanner
{
    public static ParamValue Ensure(PlanContext context, SfRecord product)
    {
        var operationId = $"product:{product.Id}";
        var existing = product.GetString(PackageFields.StripeId);
        var resolvable = existing is not null && context.Stripe.Products.Contains(existing);
        if (context.HasOperation(operationId))
        {
            return resolvable ? ParamValue.Literal(existing!) : ParamValue.Reference(operationId);
        }

        var parameters = new StripeParams()
            .Set("name", product.GetString("Name") ?? product.Id)
            .SetIfPresent("description", product.GetString("Description"))
            .Set("metadata", context.Metadata(product));
        FieldMappingApplier.Apply(context, StripeObjectKeys.Product, parameters, product);

        if (resolvable)
        {
            var id = ParamValue.Literal(existing!);
            context.AddOperation(operationId, StripeOperationKind.UpdateProduct, "/v1/products/{id}", id, parameters, product);
            return id;
        }

        var created = context.AddOperation(operationId, StripeOperationKind.CreateProduct, "/v1/products", null, parameters, product);
        context.WriteBackId(product, created, "products");
        return created;
    }
}
