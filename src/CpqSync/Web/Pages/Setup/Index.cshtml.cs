using CpqSync.Engine.Connections;
using CpqSync.Storage;
using CpqSync.Web.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CpqSync.Web.Pages.Setup;

/// <summary>The wizard's start: where each of the three steps stands, each one re-runnable on its own.</summary>
[Authorize]
public sealed class IndexModel(SetupConnection connection) : PageModel
{
    public ConnectionDocument Document { get; private set; } = ConnectionDocument.Default;

    public ConnectionSecrets Secrets { get; private set; } = ConnectionSecrets.Empty;

    public int MappingCount => Document.Mappings.FieldDefaults.Values.Sum(static d => d.Count) + Document.Mappings.FieldMappings.Values.Sum(static m => m.Count);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Document = (await connection.LoadAsync(cancellationToken)).Document;
        Secrets = await connection.GetSecretsAsync(cancellationToken);
    }

    public string? Shown(string key) => Secrets.TryGetValue(key, out var value) && value.Length > 0 ? value : null;
}
