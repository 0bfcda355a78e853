using CpqSync.Core.Configuration;
using CpqSync.Engine.Connections;
using CpqSync.Web.Security;
using CpqSync.Web.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CpqSync.Web.Pages.Setup;

/// <summary>
/// The org's detected facts (multi-currency and currencies, corporate currency, time zone, sandbox or production, CPQ
/// and API versions) with a Refresh button, and every setting the planner reads, editable, with its meaning, its
/// default and whether it holds what was detected. A connection never detected is detected when the page opens.
/// </summary>
[Authorize]
public sealed class OrgModel(SetupConnection connection, OrgFactsRefresh refresh) : PageModel
{
    [BindProperty]
    public long Version { get; set; }

    /// <summary>The settings' values as text, by setting name.</summary>
    [BindProperty]
    public Dictionary<string, string?> Values { get; set; } = new(StringComparer.Ordinal);

    public OrgFacts? Facts { get; private set; }

    public SyncSettings Settings { get; private set; } = new();

    public string? Message { get; private set; }

    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var stored = await connection.LoadAsync(cancellationToken);
        if (stored.Document.Org is null && User.IsAdmin())
        {
            stored = await DetectAsync(cancellationToken) ?? stored;
        }

        Show(stored);
    }

    /// <summary>Reads the org again and pre-fills the settings it implies that nobody changed.</summary>
    public async Task<IActionResult> OnPostRefreshAsync(CancellationToken cancellationToken)
    {
        if (!User.IsAdmin())
        {
            return Forbid();
        }

        var stored = await connection.LoadAsync(cancellationToken);
        var detected = await DetectAsync(cancellationToken);
        if (detected is not null)
        {
            Message = "Org facts refreshed.";
        }

        ModelState.Clear();
        Show(detected ?? stored);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken cancellationToken)
    {
        if (!User.IsAdmin())
        {
            return Forbid();
        }

        var stored = await connection.LoadAsync(cancellationToken);
        var settings = stored.Document.Mappings.Settings;
        foreach (var setting in PlannerSettings.All)
        {
            if (setting.TryApply(ref settings, Values.GetValueOrDefault(setting.Name)) is { } error)
            {
                ModelState.AddModelError($"Values[{setting.Name}]", error);
            }
        }

        Facts = stored.Document.Org;
        if (!ModelState.IsValid)
        {
            Settings = settings;
            Problem = "Nothing was saved: correct the settings marked below.";
            return Page();
        }

        var document = stored.Document with { Mappings = stored.Document.Mappings with { Settings = settings } };
        var saved = await connection.SaveAsync(stored.Id, Version, document, cancellationToken);
        if (saved is null)
        {
            Settings = settings;
            Problem = "Someone else saved the setup since you opened this page. Reload it to see their changes, then save again.";
            return Page();
        }

        ModelState.Clear();
        Show(saved);
        Message = "Settings saved.";
        return Page();
    }

    private async Task<StoredConnectionDocument?> DetectAsync(CancellationToken cancellationToken)
    {
        var result = await refresh.RunAsync(cancellationToken);
        Problem = result.Problem;
        return result.Stored;
    }

    private void Show(StoredConnectionDocument stored)
    {
        Version = stored.Version;
        Facts = stored.Document.Org;
        Settings = stored.Document.Mappings.Settings;
        Values = PlannerSettings.All.ToDictionary(s => s.Name, s => (string?)s.Format(Settings), StringComparer.Ordinal);
    }
}
