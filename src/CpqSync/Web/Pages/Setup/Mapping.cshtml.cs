using CpqSync.Core.Configuration;
using CpqSync.Engine.Connections;
using CpqSync.Salesforce;
using CpqSync.Web.Security;
using CpqSync.Web.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CpqSync.Web.Pages.Setup;

/// <summary>
/// Step 2: per Stripe object, the built-in mappings, field defaults, custom mappings and metadata rows; validated
/// against describe with each problem shown beside its row, and previewed on a sample order from the org.
/// </summary>
[Authorize]
public sealed class MappingModel(SetupConnection connection, SourceFieldPicker picker, MappingPreview preview, SalesforceClient salesforce) : PageModel
{
    private const string MetadataPrefix = "metadata.";

    [BindProperty(SupportsGet = true, Name = "key")]
    public string ObjectKey { get; set; } = StripeObjectKeys.Customer;

    [BindProperty]
    public long Version { get; set; }

    [BindProperty]
    public List<MappingRow> Defaults { get; set; } = [];

    [BindProperty]
    public List<MappingRow> Mappings { get; set; } = [];

    [BindProperty]
    public List<MappingRow> Metadata { get; set; } = [];

    [BindProperty]
    public string? SampleOrderId { get; set; }

    public string SourceObject => StripeObjectKeys.SourceObject[ObjectKey];

    public IReadOnlyList<FieldChoice> FieldChoices { get; private set; } = [];

    public MappingPreviewResult? Preview { get; private set; }

    /// <summary>Problems not tied to a row of this object (another object's mappings, Salesforce unreachable).</summary>
    public List<string> Problems { get; } = [];

    public string? Message { get; private set; }

    public static IEnumerable<string> ObjectKeys => StripeObjectKeys.SourceObject.Keys;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!StripeObjectKeys.SourceObject.ContainsKey(ObjectKey))
        {
            return NotFound();
        }

        var snapshot = await connection.LoadAsync(cancellationToken);
        Version = snapshot.Version;
        Show(snapshot.Document.Mappings);
        await LoadFieldChoicesAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken cancellationToken)
    {
        if (Refusal() is { } refusal)
        {
            return refusal;
        }

        var snapshot = await connection.LoadAsync(cancellationToken);
        var draft = Draft(snapshot.Document.Mappings);
        if (await ValidateAsync(draft, cancellationToken))
        {
            await PreviewAsync(draft, cancellationToken);
        }

        await LoadFieldChoicesAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken cancellationToken)
    {
        if (Refusal() is { } refusal)
        {
            return refusal;
        }

        var snapshot = await connection.LoadAsync(cancellationToken);
        var draft = Draft(snapshot.Document.Mappings);
        if (!await ValidateAsync(draft, cancellationToken))
        {
            Problems.Insert(0, "Nothing was saved: correct the rows marked below.");
        }
        else if (await connection.SaveAsync(snapshot.Id, Version, snapshot.Document with { Mappings = draft }, cancellationToken) is { } saved)
        {
            Version = saved.Version;
            ModelState.Remove(nameof(Version));
            Message = $"Mappings for {ObjectKey} saved.";
            await PreviewAsync(draft, cancellationToken);
        }
        else
        {
            Problems.Insert(0, "Someone else saved the setup since you opened this page. Reload it to see their changes, then save again.");
        }

        await LoadFieldChoicesAsync(cancellationToken);
        return Page();
    }

    /// <summary>Changes need the admin role and one of the Stripe objects the mappings know.</summary>
    private IActionResult? Refusal() =>
        !User.IsAdmin() ? Forbid()
        : !StripeObjectKeys.SourceObject.ContainsKey(ObjectKey) ? BadRequest()
        : null;

    private void Show(SyncConfiguration configuration)
    {
        var defaults = configuration.FieldDefaults.GetValueOrDefault(ObjectKey) ?? new Dictionary<string, string>();
        var mappings = configuration.FieldMappings.GetValueOrDefault(ObjectKey) ?? new Dictionary<string, string>();
        Defaults = [.. defaults.OrderBy(static d => d.Key, StringComparer.Ordinal).Select(static d => new MappingRow { Destination = d.Key, Value = d.Value })];
        Mappings = [.. mappings.Where(static m => !IsMetadata(m.Key)).OrderBy(static m => m.Key, StringComparer.Ordinal)
            .Select(static m => new MappingRow { Destination = m.Key, Value = m.Value })];
        Metadata = [.. mappings.Where(static m => IsMetadata(m.Key)).OrderBy(static m => m.Key, StringComparer.Ordinal)
            .Select(static m => new MappingRow { Destination = m.Key[MetadataPrefix.Length..], Value = m.Value })];
        AddBlankRows();
    }

    /// <summary>The saved configuration with this object's rows replaced by the form's.</summary>
    private SyncConfiguration Draft(SyncConfiguration saved)
    {
        var defaults = Kept(Defaults).ToDictionary(static r => r.Destination!.Trim(), static r => r.Value ?? "", StringComparer.Ordinal);
        var mappings = Kept(Mappings).Select(static r => (Destination: r.Destination!.Trim(), Source: r.Value?.Trim() ?? ""))
            .Concat(Kept(Metadata).Select(static r => (Destination: MetadataPrefix + r.Destination!.Trim(), Source: r.Value?.Trim() ?? "")))
            .GroupBy(static m => m.Destination, StringComparer.Ordinal)
            .ToDictionary(static g => g.Key, static g => g.Last().Source, StringComparer.Ordinal);
        return saved with
        {
            FieldDefaults = Replace(saved.FieldDefaults, defaults),
            FieldMappings = Replace(saved.FieldMappings, mappings),
        };
    }

    private Dictionary<string, IReadOnlyDictionary<string, string>> Replace(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> all, Dictionary<string, string> rows)
    {
        var result = all.Where(o => o.Key != ObjectKey).ToDictionary(static o => o.Key, static o => o.Value, StringComparer.Ordinal);
        if (rows.Count > 0)
        {
            result[ObjectKey] = rows;
        }

        return result;
    }

    /// <summary>Checks the draft with the core's validator against the org's describe; marks each problem on its row.</summary>
    private async Task<bool> ValidateAsync(SyncConfiguration draft, CancellationToken cancellationToken)
    {
        var valid = MarkDuplicates();
        IReadOnlyList<DocumentProblem> errors;
        try
        {
            // The engine's own check of a document (as config import runs it); only the mappings matter here.
            var problems = await ConnectionDocumentValidator.ValidateAsync(new ConnectionDocument { Mappings = draft }, salesforce, cancellationToken);
            errors = [.. problems.Where(static p => !p.Path.StartsWith("$.preferences", StringComparison.Ordinal))];
        }
        catch (Exception e) when (ConnectionProblems.IsExpected(e))
        {
            Problems.Add(ConnectionProblems.Describe(e, "to check the mappings"));
            return false;
        }

        foreach (var error in errors)
        {
            var row = RowFor(error.Path.StartsWith("$.", StringComparison.Ordinal) ? error.Path[2..] : error.Path);
            if (row is not null)
            {
                row.Error = error.Message;
            }
            else
            {
                Problems.Add(error.ToString());
            }
        }

        ClearRowState();
        AddBlankRows();
        return valid && errors.Count == 0;
    }

    private bool MarkDuplicates()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var unique = true;
        foreach (var (row, destination) in Kept(Mappings).Select(static r => (r, r.Destination!.Trim()))
                     .Concat(Kept(Metadata).Select(static r => (r, MetadataPrefix + r.Destination!.Trim()))))
        {
            if (!seen.Add(destination))
            {
                row.Error = $"{destination} is mapped twice; keep one row.";
                unique = false;
            }
        }

        return unique;
    }

    /// <summary>The row a validator error names: <c>field_mappings.customer.metadata.region</c> is metadata row <c>region</c>.</summary>
    private MappingRow? RowFor(string name)
    {
        var defaults = $"field_defaults.{ObjectKey}.";
        var mappings = $"field_mappings.{ObjectKey}.";
        if (name.StartsWith(defaults, StringComparison.Ordinal))
        {
            return Kept(Defaults).FirstOrDefault(r => r.Destination!.Trim() == name[defaults.Length..]);
        }

        if (!name.StartsWith(mappings, StringComparison.Ordinal))
        {
            return null;
        }

        var destination = name[mappings.Length..];
        return IsMetadata(destination)
            ? Kept(Metadata).FirstOrDefault(r => r.Destination!.Trim() == destination[MetadataPrefix.Length..])
            : Kept(Mappings).FirstOrDefault(r => r.Destination!.Trim() == destination);
    }

    private async Task PreviewAsync(SyncConfiguration draft, CancellationToken cancellationToken)
    {
        try
        {
            Preview = await preview.PreviewAsync(ObjectKey, draft, SampleOrderId, cancellationToken);
            SampleOrderId = Preview.OrderId;
            ModelState.Remove(nameof(SampleOrderId));
        }
        catch (Exception e) when (ConnectionProblems.IsExpected(e))
        {
            Problems.Add(ConnectionProblems.Describe(e, "for the order to preview"));
        }
    }

    private async Task LoadFieldChoicesAsync(CancellationToken cancellationToken)
    {
        try
        {
            FieldChoices = await picker.FieldChoicesAsync(SourceObject, cancellationToken);
        }
        catch (Exception e) when (ConnectionProblems.IsExpected(e))
        {
            Problems.Add(ConnectionProblems.Describe(e, $"for {SourceObject}'s fields"));
        }
    }

    private void ClearRowState()
    {
        // Rows are shown again from the model (with their errors and new blank rows), not from the posted values.
        foreach (var key in ModelState.Keys.Where(static k => k.StartsWith(nameof(Defaults), StringComparison.Ordinal)
                     || k.StartsWith(nameof(Mappings), StringComparison.Ordinal) || k.StartsWith(nameof(Metadata), StringComparison.Ordinal)).ToList())
        {
            ModelState.Remove(key);
        }

        Defaults = [.. Kept(Defaults)];
        Mappings = [.. Kept(Mappings)];
        Metadata = [.. Kept(Metadata)];
    }

    private void AddBlankRows()
    {
        Defaults.Add(new MappingRow());
        Mappings.Add(new MappingRow());
        Metadata.Add(new MappingRow());
    }

    private static IEnumerable<MappingRow> Kept(IEnumerable<MappingRow> rows) =>
        rows.Where(static r => !r.Remove && !string.IsNullOrWhiteSpace(r.Destination));

    private static bool IsMetadata(string destination) => destination.StartsWith(MetadataPrefix, StringComparison.Ordinal);

    /// <summary>
    /// One row of the form: a destination (a Stripe parameter, or a metadata key) and its value (a constant for
    /// defaults, a Salesforce field path for mappings).
    /// </summary>
    public sealed class MappingRow
    {
        public string? Destination { get; set; }

        public string? Value { get; set; }

        public bool Remove { get; set; }

        /// <summary>What the validator found wrong with the row, shown beside it.</summary>
        public string? Error { get; set; }
    }
}
