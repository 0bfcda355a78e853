using CpqSync.Cli;
using CpqSync.Core.Planning;

namespace CpqSync.Tests;

/// <summary><see cref="PlanSummary"/>: a plan as <c>cpqsync preview order</c> prints it without <c>--json</c>.</summary>
public sealed class PlanSummaryTests
{
    /// <summary>
    /// An invoice's lines go to Stripe in one <c>add_lines</c> call (docs/behaviour.md §4.9): the summary shows the first
    /// parameters of every line, so each line of the order can be read, and counts the rest.
    /// </summary>
    [Fact]
    public void An_add_lines_call_shows_the_first_parameters_of_each_line()
    {
        var first = new StripeParams();
        first.Child("pricing").Set("price", "price_setup");
        first.Set("quantity", 2L);
        first.Child("period").Set("start", 1706745600L).Set("end", 1738368000L);
        var metadata = first.Child("metadata");
        foreach (var key in new[] { "a", "b", "c", "d", "order_item_id" })
        {
            metadata.Set(key, key);
        }

        var second = new StripeParams().Set("amount", -5000L).Set("description", "Onboarding");
        var parameters = new StripeParams().Set("lines", [first, second]).Flatten();
        var addLines = new StripeOperation("invoicelines:801", StripeOperationKind.AddInvoiceLines, "POST", "/v1/invoices/{id}/add_lines",
            ParamValue.Reference("invoice:801"), parameters, "key", "801");
        var plan = new SyncPlan("801", PlanShape.Invoice, [addLines], [], []);

        var text = PlanSummary.Describe(PlanResult.Success(plan));

        Assert.Contains("add_invoice_lines  POST /v1/invoices/{id}/add_lines on ${invoice:801}  (from 801)", text, StringComparison.Ordinal);
        Assert.Contains("lines[0][pricing][price] = price_setup", text, StringComparison.Ordinal);
        Assert.DoesNotContain("lines[0][metadata][order_item_id]", text, StringComparison.Ordinal);
        Assert.Contains("lines[1][amount] = -5000", text, StringComparison.Ordinal);
        Assert.Contains("lines[1][description] = Onboarding", text, StringComparison.Ordinal);
        Assert.Contains("… and 1 more (see --json)", text, StringComparison.Ordinal);
    }
}
