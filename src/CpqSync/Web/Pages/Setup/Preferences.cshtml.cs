using System.ComponentModel.DataAnnotations;
using CpqSync.Engine.Backfill;
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
/// Sync Records are kept, how often Salesforce is polled, and live sync on or off. Turning live sync on with no start
/// date asks where it starts (<see cref="LiveSyncStart"/>): today, or everything since a date, with the count of orders
/// that would sync shown before it is confirmed.
/// </summary>
[Authorize]
public sealed class PreferencesModel(SetupConnection connection, SalesforceClient salesforce, TimeProvider time) : PageModel
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

    /// <summary>Where live sync starts, asked the first time it is turned on.</summary>
    [BindProperty]
    public HistoryChoice History { get; set; }

    /// <summary>The day "everything since" starts.</summary>
    [BindProperty]
    [DataType(DataType.Date)]
    public DateOnly? HistorySince { get; set; }

    /// <summary>Set by the dashboard's "Turn live sync on" when the start is still to be chosen.</summary>
    [BindProperty(SupportsGet = true)]
    public bool FirstSync { get; set; }

    /// <summary>Whether the page asks where live sync starts.</summary>
    public bool AskFirstSync { get; private set; }

    /// <summary>Today in the connection's time zone: the default start.</summary>
    public DateOnly Today { get; private set; }

    /// <summary>Orders that would sync from the chosen start, with the filters; <see langword="null"/> when Salesforce could not count them.</summary>
    public int? HistoryCount { get; private set; }

    public DateOnly? HistoryStart { get; private set; }

    public string? HistoryProblem { get; private set; }

    public IReadOnlyList<ResolvedFilterRow> Resolved { get; private set; } = [];

    /// <summary>The condition the sync adds to its Order queries, exactly as compiled.</summary>
    public string? CompiledOrderConditions { get; private set; }

    public string? Message { get; private set; }

    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var stored = await connection.LoadAsync(cancellationToken);
        Show(stored);
        await ResolveAsync(cancellationToken);
        if (FirstSync && !stored.Document.LiveSync && LiveSyncStart.NeedsDecision(stored.Document.Preferences) && User.IsAdmin())
        {
            LiveSync = true;
            await AskAsync(stored, cancellationToken);
        }
    }

    /// <summary>Counts the orders the chosen start would sync, without saving.</summary>
    public async Task<IActionResult> OnPostCountHistoryAsync(CancellationToken cancellationToken)
    {
        if (!User.IsAdmin())
        {
            return Forbid();
        }

        await ResolveAsync(cancellationToken);
        var stored = await connection.LoadAsync(cancellationToken);
        Today = LiveSyncStart.Today(stored.Document, time);
        AskFirstSync = true;
        await CountHistoryAsync(cancellationToken);
        return Page();
    }

    public Task<IActionResult> OnPostSaveAsync(CancellationToken cancellationToken) => SaveAsync(startChosen: false, cancellationToken);

    /// <summary>The first-sync question answered: saves with the chosen start date and live sync on.</summary>
    public Task<IActionResult> OnPostStartLiveSyncAsync(CancellationToken cancellationToken) => SaveAsync(startChosen: true, cancellationToken);

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

    private async Task<IActionResult> SaveAsync(bool startChosen, CancellationToken cancellationToken)
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
        var startDate = StartDate;
        if (LiveSync && !stored.Document.LiveSync && LiveSyncStart.NeedsDecision(stored.Document.Preferences))
        {
            if (!startChosen)
            {
                await AskAsync(stored, cancellationToken);
                Message = "Live sync is not on yet: choose where it starts, then turn it on.";
                return Page();
            }

            Today = LiveSyncStart.Today(stored.Document, time);
            if (ChosenStart() is not { } chosen)
            {
                AskFirstSync = true;
                Problem = "Nothing was saved: choose the day \"everything since\" starts.";
                return Page();
            }

            startDate = chosen;
        }

        var document = stored.Document with
        {
            Preferences = new SyncPreferences { StartDate = startDate, Filters = [.. Resolved.Select(static r => r.Filter!)] },
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
        if (startDate != StartDate)
        {
            // The chosen start date shows in the form and in the compiled conditions.
            StartDate = startDate;
            ModelState.Remove(nameof(StartDate));
            await ResolveAsync(cancellationToken);
        }

        Message = !LiveSync ? "Preferences saved. Live sync is off."
            : startChosen && startDate is { } from ? $"Preferences saved. Live sync is on, from {from:yyyy-MM-dd}."
            : "Preferences saved. Live sync is on.";
        return Page();
    }

    /// <summary>Shows the first-sync question, answered "from today" unless the form already names a start date.</summary>
    private async Task AskAsync(StoredConnectionDocument stored, CancellationToken cancellationToken)
    {
        AskFirstSync = true;
        Today = LiveSyncStart.Today(stored.Document, time);
        History = StartDate is null ? HistoryChoice.Today : HistoryChoice.Since;
        HistorySince = StartDate ?? Today.AddYears(-1);
        ModelState.Remove(nameof(History));
        ModelState.Remove(nameof(HistorySince));
        await CountHistoryAsync(cancellationToken);
    }

    private DateOnly? ChosenStart() => History == HistoryChoice.Today ? Today : HistorySince;

    /// <summary>The orders the chosen start would sync with the filters as checked: one COUNT query.</summary>
    private async Task CountHistoryAsync(CancellationToken cancellationToken)
    {
        HistoryStart = ChosenStart();
        if (HistoryStart is not { } start)
        {
            HistoryProblem = "Choose the day \"everything since\" starts to count its orders.";
            return;
        }

        var filters = Resolved.Where(static r => r.Filter is not null).Select(static r => r.Filter!).ToList();
        try
        {
            HistoryCount = await BackfillRunner.CountAsync(salesforce, new SyncPreferences { StartDate = start, Filters = filters }, cancellationToken);
        }
        catch (Exception e) when (e is SalesforceApiException or HttpRequestException or Salesforce.Authentication.SalesforceOAuthException or SyncFilterException)
        {
            HistoryProblem = $"Salesforce could not count the orders: {e.Message}";
        }
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

    /// <summary>Where live sync starts the first time it is turned on.</summary>
    public enum HistoryChoice
    {
        /// <summary>Orders activated from today on.</summary>
        Today,

        /// <summary>Every order activated since a chosen day.</summary>
        Since,
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
