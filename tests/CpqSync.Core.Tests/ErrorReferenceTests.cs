using CpqSync.Core.Errors;

namespace CpqSync.Core.Tests;

/// <summary>The error reference (docs/errors.md and the web app's /errors) lists every catalogue code; Sync Records link to its entries.</summary>
public sealed class ErrorReferenceTests
{
    private static readonly string DocsFile = Path.Combine(RepositoryRoot(), "docs", "errors.md");

    [Fact]
    public void The_reference_has_an_entry_with_message_and_fix_for_every_code()
    {
        var markdown = ErrorReference.Markdown();

        foreach (var code in Enum.GetValues<SyncErrorCode>())
        {
            var entry = $"## {ErrorCatalogue.CodeName(code)}\n\n{ErrorCatalogue.Message(code)}\n\n- **Fix:** {ErrorHints.For(code)}\n";
            Assert.Contains(entry, markdown, StringComparison.Ordinal);
        }
    }

    /// <summary>Set <c>CPQSYNC_UPDATE_DOCS=1</c> to rewrite docs/errors.md after changing the catalogue or the hints.</summary>
    [Fact]
    public void Docs_errors_md_is_the_generated_reference()
    {
        var expected = ErrorReference.Markdown();
        if (Environment.GetEnvironmentVariable("CPQSYNC_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(DocsFile, expected);
        }

        Assert.True(
            File.Exists(DocsFile) && File.ReadAllText(DocsFile).ReplaceLineEndings("\n") == expected,
            "docs/errors.md is not the reference generated from the catalogue: run this test with CPQSYNC_UPDATE_DOCS=1 to regenerate it.");
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080/errors", "ORDER_NO_QUOTE", "http://127.0.0.1:5080/errors#order_no_quote")]
    [InlineData("https://cpqsync.example.com/errors#old", "RATE_LIMITED", "https://cpqsync.example.com/errors#rate_limited")]
    [InlineData("https://cpqsync.example.com/errors", null, "https://cpqsync.example.com/errors")]
    public void A_link_points_at_its_codes_entry(string reference, string? code, string expected) =>
        Assert.Equal(expected, ErrorReference.Link(reference, code));

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CpqSync.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("No CpqSync.slnx above " + AppContext.BaseDirectory);
    }
}
