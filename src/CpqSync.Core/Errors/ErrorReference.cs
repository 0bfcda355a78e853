using System.Text;

namespace CpqSync.Core.Errors;

/// <summary>
/// CpqSync's own error reference, one entry per catalogue code (its message, who fixes it, and how): the web app serves
/// it at <see cref="WebPath"/>, <c>docs/errors.md</c> is generated from it, and a Sync Record's
/// <c>Resolution_Documentation_Link__c</c> points at the entry of its code (<see cref="Link"/>).
/// </summary>
public static class ErrorReference
{
    /// <summary>Where the web app serves the reference.</summary>
    public const string WebPath = "/errors";

    /// <summary>
    /// The reference Sync Records link to when the host gives none: the web app at its default address (<c>cpqsync serve</c>
    /// on this machine). The host gives its own, from <c>Serve:PublicUrl</c> or where it listens.
    /// </summary>
    public const string DefaultUrl = "http://127.0.0.1:5080" + WebPath;

    /// <summary>Every code, in catalogue order.</summary>
    public static IReadOnlyList<SyncErrorCode> Codes { get; } = Enum.GetValues<SyncErrorCode>();

    /// <summary>The entry's anchor: the code name in lower case (<c>order_no_quote</c>), as a Markdown heading of the name gets.</summary>
    public static string Anchor(string codeName)
    {
        ArgumentNullException.ThrowIfNull(codeName);
        return codeName.ToLowerInvariant();
    }

    /// <summary>The link to a code's entry under <paramref name="referenceUrl"/>; the reference itself for no code.</summary>
    public static string Link(string referenceUrl, string? codeName)
    {
        ArgumentNullException.ThrowIfNull(referenceUrl);
        var url = referenceUrl.Split('#')[0];
        return string.IsNullOrEmpty(codeName) ? url : url + "#" + Anchor(codeName);
    }

    /// <summary>Who fixes an error of this class, as the reference says it.</summary>
    public static string WhoFixes(ErrorClass errorClass) => errorClass switch
    {
        ErrorClass.User => "You: fix the Salesforce data or the configuration, then sync again.",
        ErrorClass.Transient => "Nobody: CpqSync retries on its own.",
        _ => "Unexpected: report it.",
    };

    /// <summary><c>docs/errors.md</c>: the reference as Markdown.</summary>
    public static string Markdown()
    {
        var text = new StringBuilder();
        text.Append("# Error reference\n\n")
            .Append("<!-- Generated from src/CpqSync.Core/Errors (ErrorCatalogue, ErrorHints) by ErrorReference.Markdown(); ")
            .Append("tests/CpqSync.Core.Tests checks it lists every code. -->\n\n")
            .Append("Every error CpqSync reports, by the code a Sync Record carries in `Error_Code__c`. The web app serves the same ")
            .Append("reference at `").Append(WebPath).Append("`, and a Sync Record's `Resolution_Documentation_Link__c` points at ")
            .Append("its code's entry there. `{0}`, `{1}`… stand for the order's own values.\n\n");
        foreach (var code in Codes)
        {
            var name = ErrorCatalogue.CodeName(code);
            text.Append("## ").Append(name).Append("\n\n")
                .Append(ErrorCatalogue.Message(code)).Append("\n\n")
                .Append("- **Fix:** ").Append(ErrorHints.For(code)).Append('\n')
                .Append("- **Who:** ").Append(WhoFixes(ErrorCatalogue.ClassOf(code))).Append("\n\n");
        }

        return text.ToString().TrimEnd('\n') + "\n";
    }
}
