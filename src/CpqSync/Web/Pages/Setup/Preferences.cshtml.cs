using System.ComponentModel.DataAnnotations;
using CpqSync.Engine.Connections;
using CpqSync.Engine.Filters;
using CpqSync.Salesforce;
using CpqSync.Web.Security;
using CpqSync.Web.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CpqSync.Web.Pages.Setup;

/// <summary>
/// Step 3: which records sync (start date, filter rows compiled to SOQL the user can read but never type), how many
/// Sync Records are kept, how often Salesforce is polled, and live sync on or off.
/// </summary>
[Authorize]
public sealed class PreferencesModel(SetupConnection connection, SalesforceClient salesforce) : PageModel
{
    /// <summary>Blank rows offered for new filters.</summary>
    private const int BlankRows = 1;

    [BindProperty]
    public long Version { get; set; }

    [BindProperty]
    [DataType(DataType.Date)]
    public DateOnly? StartDate { get; set; }

    [BindProperty]
    [Range(1, 1000, ErrorMessage = "Keep between 1 and 1000 Sync Records per record.")]
    public int Retention { get; set; } = 20;

    [BindProperty]
    [Range(1, 86_400, ErrorMessage = "Poll between every second and once a day (86400 seconds).")]
    public int PollingSeconds { get; set; } = 30;

    [BindProperty]
    public bool LiveSync { get; set; }

    [BindProperty]
    public List<FilterInput> Filters { get; set; } = [];

    public IReadOnlyList<ResolvedFilterRow> Resolved { get; private set; } = [];

    /// <summary>The condition the sync adds to its Order queries, exactly as compiled.</summary>
    public string? CompiledOrderConditions { get; private set; }

    public string? Message { get; private set; }

    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Show(await connection.LoadAsync(cancellationToken));
        await ResolveAsync(cancellationToken);
    }

    /// <summary>Shows what the rows compile to without saving them.</summary>
    public async Task<IActionResult> OnPostCheckAsync(CancellationToken cancellationToken)
    {
        if (!User.IsAdmin())
        {
            return Forbid();
        }

        await ResolveAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken cancellationToken)
    {
        if (!User.IsAdmin())
        {
            return Forbid();
        }

        var resolved = await ResolveAsync(cancellationToken);
        if (!ModelState.IsValid || !resolved || Resolved.Any(static r => r.Error is not null))
        {
            Problem = "Nothing was saved: correct the rows marked below.";
            return Page();
        }

        var stored = await connection.LoadAsync(cancellationToken);
        var document = stored.Document with
        {
            Preferences = new SyncPreferences { StartDate = StartDate, Filters = [.. Resolved.Select(static r => r.Filter!)] },
            SyncRecordRetention = Retention,
            PollingInterval = TimeSpan.FromSeconds(PollingSeconds),
            LiveSync = LiveSync,
        };
        var saved = await connection.SaveAsync(stored.Id, Version, document, cancellationToken);
        if (saved is null)
        {
            Problem = "Someone else saved the setup since you opened this page. Reload it to see their changes, then save again.";
            return Page();
        }

        Version = saved.Version;
        ModelState.Remove(nameof(Version));
        Message = LiveSync ? "Preferences saved. Live sync is on." : "Preferences saved. Live sync is off.";
        return Page();
    }

    private void Show(StoredConnectionDocument stored)
    {
        var document = stored.Document;
        Version = stored.Version;
        StartDate = document.Preferences.StartDate;
        Retention = document.SyncRecordRetention;
        PollingSeconds = (int)Math.Clamp(document.PollingInterval.TotalSeconds, 1, 86_400);
        LiveSync = document.LiveSync;
        Filters = [.. document.Preferences.Filters.Select(FilterRow.From)
            .Select(static f => new FilterInput { ObjectName = f.ObjectName, Field = f.Field, Operator = f.Operator, Value = f.Value })];
    }

    /// <summary>Types, validates and compiles the filled-in rows; false when Salesforce could not be asked.</summary>
    private async Task<bool> ResolveAsync(CancellationToken cancellationToken)
    {
        var rows = Filters.Where(static f => !f.Remove && !string.IsNullOrWhiteSpace(f.Field))
            .Select(static f => new FilterRow(f.ObjectName ?? "Order", f.Field!.Trim(), f.Operator, f.Value ?? ""))
            .ToList();
        try
        {
            Resolved = await FilterRowResolver.ResolveAsync(rows, salesforce, cancellationToken);
            var valid = Resolved.Where(static r => r.Filter is not null).Select(static r => r.Filter!).ToList();
            var conditions = await OrderSyncConditions.CreateAsync(new SyncPreferences { StartDate = StartDate, Filters = valid }, salesforce, cancellationToken);
            CompiledOrderConditions = conditions.ForOrder()?.Text;
            return true;
        }
        catch (Exception e) when (ConnectionProblems.IsExpected(e))
        {
            Problem = ConnectionProblems.Describe(e, "to check the filters");
            Resolved = [.. rows.Select(static r => new ResolvedFilterRow(r, null, null, null))];
            return false;
        }
        finally
        {
            // Rows shown again: the kept ones, then blank rows to add more.
            foreach (var key in ModelState.Keys.Where(static k => k.StartsWith(nameof(Filters), StringComparison.Ordinal)).ToList())
            {
                ModelState.Remove(key);
            }

            Filters = [.. Resolved.Select(static r => new FilterInput { ObjectName = r.Row.ObjectName, Field = r.Row.Field, Operator = r.Row.Operator, Value = r.Row.Value }),
                .. Enumerable.Range(0, BlankRows).Select(static _ => new FilterInput())];
        }
    }

    /// <summary>One filter row of the form.</summary>
    public sealed class FilterInput
    {
        public string? ObjectName { get; set; } = "Order";

        public string? Field { get; set; }

        public FilterOperator Operator { get; set; }

        public string? Value { get; set; }

        /// <summary>Ticked to drop the row on the next check or save.</summary>
        public bool Remove { get; set; }
    }
}
