using CpqSync.Engine.Connections;
using CpqSync.Hosting.Serve;
using CpqSync.Storage;
using CpqSync.Web.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CpqSync.Web.Pages.Setup;

/// <summary>The wizard's start: where each of the three steps stands, each one re-runnable on its own.</summary>
[Authorize]
public sealed class IndexModel(SetupConnection connection, HealthChecks health) : PageModel
{
    /// <summary>The connection's state as <c>/healthz</c> reports it: the truth whichever way the credentials were given.</summary>
    public HealthReport? Health { get; private set; }

    public ConnectionDocument Document { get; private set; } = ConnectionDocument.Default;

    public ConnectionSecrets Secrets { get; private set; } = ConnectionSecrets.Empty;

    public int MappingCount => Document.Mappings.FieldDefaults.Values.Sum(static d => d.Count) + Document.Mappings.FieldMappings.Values.Sum(static m => m.Count);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Document = (await connection.LoadAsync(cancellationToken)).Document;
        Secrets = await connection.GetSecretsAsync(cancellationToken);
        Health = await health.RunAsync(cancellationToken);
    }

    /// <summary>What <c>/healthz</c> says about one service: reachable, its problem, one detail (the org or account id).</summary>
    public (bool Reachable, string? Error, string? Detail) Service(string name, string detail)
    {
        var entry = Health?.Json[name];
        return (entry?["reachable"]?.GetValue<bool>() == true, entry?["error"]?.GetValue<string>(), entry?[detail]?.GetValue<string>());
    }

    public string? Shown(string key) => Secrets.TryGetValue(key, out var value) && value.Length > 0 ? value : null;
}
