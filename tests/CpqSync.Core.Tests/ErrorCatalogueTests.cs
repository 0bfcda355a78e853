using CpqSync.Core.Errors;

namespace CpqSync.Core.Tests;

public class ErrorCatalogueTests
{
    public static TheoryData<SyncErrorCode> Codes() => new(Enum.GetValues<SyncErrorCode>());

    [Theory]
    [MemberData(nameof(Codes))]
    public void Every_code_has_a_message_and_a_class(SyncErrorCode code)
    {
        var message = ErrorCatalogue.Message(code);

        Assert.False(string.IsNullOrWhiteSpace(message));
        Assert.Matches("^[A-Z0-9_]+$", ErrorCatalogue.CodeName(code));
        Assert.True(Enum.IsDefined(ErrorCatalogue.ClassOf(code)));
    }

    [Theory]
    [InlineData(SyncErrorCode.DaysUntilDueUnsupported, "DAYS_UNTIL_DUE_UNSUPPORTED")]
    [InlineData(SyncErrorCode.MdqSegmentDatesMismatch, "MDQ_SEGMENT_DATES_MISMATCH")]
    [InlineData(SyncErrorCode.MeteredQuantityGtOne, "METERED_QUANTITY_GT_ONE")]
    [InlineData(SyncErrorCode.AmendmentTermNotWholeMonths, "AMENDMENT_TERM_NOT_WHOLE_MONTHS")]
    public void Code_names_are_the_catalogue_codes(SyncErrorCode code, string name) =>
        Assert.Equal(name, ErrorCatalogue.CodeName(code));

    [Fact]
    public void Transient_and_internal_classes_follow_the_catalogue()
    {
        Assert.Equal(ErrorClass.Transient, ErrorCatalogue.ClassOf(SyncErrorCode.RateLimited));
        Assert.Equal(ErrorClass.Internal, ErrorCatalogue.ClassOf(SyncErrorCode.PriceMultiplierMismatch));
        Assert.Equal(ErrorClass.User, ErrorCatalogue.ClassOf(SyncErrorCode.QuantityNotInteger));
    }

    [Fact]
    public void Stripe_errors_are_shown_verbatim()
    {
        Assert.Equal("No such customer: 'cus_x'", ErrorCatalogue.Message(SyncErrorCode.StripeApiError, "No such customer: 'cus_x'"));
    }
}
