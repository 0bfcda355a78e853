using CpqSync.Core.Errors;

namespace CpqSync.Core.Tests;

public class ErrorHintsTests
{
    [Theory]
    [MemberData(nameof(ErrorCatalogueTests.Codes), MemberType = typeof(ErrorCatalogueTests))]
    public void Every_catalogue_code_has_a_fix_hint(SyncErrorCode code) =>
        Assert.False(string.IsNullOrWhiteSpace(ErrorHints.For(code)));

    [Fact]
    public void Hints_are_found_by_the_code_name_the_outcome_log_holds()
    {
        Assert.Equal(
            "Regenerate the order from its CPQ quote (orders synced to Stripe must come from a CPQ quote).",
            ErrorHints.ForCodeName("ORDER_NO_QUOTE"));
        Assert.Null(ErrorHints.ForCodeName("NOT_A_CODE"));
        Assert.Null(ErrorHints.ForCodeName(null));
    }
}
