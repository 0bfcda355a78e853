using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CpqSync.Salesforce;

public sealed partial class SalesforceClient
{
    /// <summary>Creates one record (<c>POST /sobjects/{type}</c>). Field errors throw <see cref="SalesforceApiException"/>.</summary>
    /// <remarks>Never retried automatically: a create whose answer was lost may have happened.</remarks>
    public async Task<SaveResult> CreateAsync(string sObjectType, JsonObject fields, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var path = SObjectPath(sObjectType);
        var node = await SendForJsonAsync(HttpMethod.Post, path, fields, null, cancellationToken).ConfigureAwait(false);
        return ParseSaveResult(node);
    }

    /// <summary>Reads one record (<c>GET /sobjects/{type}/{id}</c>), optionally only the named <paramref name="fields"/>.</summary>
    public async Task<JsonObject> RetrieveAsync(
        string sObjectType, string id, IEnumerable<string>? fields = null, CancellationToken cancellationToken = default)
    {
        var path = SObjectPath(sObjectType, RequireId(id));
        if (fields is not null)
        {
            var names = fields.Select(f => SoqlIdentifier.RequireName(f, nameof(fields))).ToList();
            if (names.Count > 0)
            {
                path += "?fields=" + Uri.EscapeDataString(string.Join(',', names));
            }
        }

        var node = await SendForJsonAsync(HttpMethod.Get, path, null, null, cancellationToken).ConfigureAwait(false);
        return node as JsonObject ?? throw Unexpected("retrieve");
    }

    /// <summary>Updates the given fields of one record (<c>PATCH /sobjects/{type}/{id}</c>, answered with 204).</summary>
    public async Task UpdateAsync(string sObjectType, string id, JsonObject fields, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var path = SObjectPath(sObjectType, RequireId(id));
        using var response = await SendAsync(HttpMethod.Patch, path, fields, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Inserts or updates the record whose <paramref name="externalIdField"/> equals <paramref name="externalId"/>
    /// (<c>PATCH /sobjects/{type}/{field}/{value}</c>); <see cref="SaveResult.Created"/> tells which happened.
    /// </summary>
    public async Task<SaveResult> UpsertAsync(
        string sObjectType, string externalIdField, string externalId, JsonObject fields, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentException.ThrowIfNullOrEmpty(externalId);
        var field = SoqlIdentifier.RequireName(externalIdField, nameof(externalIdField));
        var path = SObjectPath(sObjectType, field + "/" + Uri.EscapeDataString(externalId));
        using var response = await SendAsync(HttpMethod.Patch, path, fields, null, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (text.Length == 0)
        {
            // Older API versions answer an update by upsert with 204 and no body.
            return new SaveResult(null, true, [], response.StatusCode == HttpStatusCode.Created);
        }

        return ParseSaveResult(JsonNode.Parse(text));
    }

    /// <summary>Deletes one record (<c>DELETE /sobjects/{type}/{id}</c>).</summary>
    public async Task DeleteAsync(string sObjectType, string id, CancellationToken cancellationToken = default)
    {
        var path = SObjectPath(sObjectType, RequireId(id));
        using var response = await SendAsync(HttpMethod.Delete, path, null, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The org's limits (<c>GET /limits</c>), such as <c>DailyApiRequests</c>.</summary>
    public async Task<IReadOnlyDictionary<string, SalesforceLimit>> GetLimitsAsync(CancellationToken cancellationToken = default)
    {
        var node = await SendForJsonAsync(HttpMethod.Get, DataPath + "limits", null, null, cancellationToken).ConfigureAwait(false);
        var limits = new Dictionary<string, SalesforceLimit>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in node as JsonObject ?? [])
        {
            if (value is JsonObject entry && entry["Max"] is JsonValue max && entry["Remaining"] is JsonValue remaining)
            {
                limits[name] = new SalesforceLimit(max.GetValue<long>(), remaining.GetValue<long>());
            }
        }

        return limits;
    }

    private string SObjectPath(string sObjectType, string? rest = null)
    {
        var type = SoqlIdentifier.RequireName(sObjectType, nameof(sObjectType));
        return rest is null ? $"{DataPath}sobjects/{type}" : $"{DataPath}sobjects/{type}/{rest}";
    }

    private static string RequireId(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var valid = id.Length is 15 or 18 && id.All(char.IsAsciiLetterOrDigit);
        return valid ? id : throw new ArgumentException($"'{id}' is not a Salesforce record id.", nameof(id));
    }

    internal static SaveResult ParseSaveResult(JsonNode? node)
    {
        if (node is not JsonObject result)
        {
            throw Unexpected("save");
        }

        var errors = result["errors"] is JsonArray array
            ? array.Select(e => e.Deserialize<SalesforceErrorDto>(JsonOptions)?.ToError()).OfType<SalesforceError>().ToList()
            : [];
        return new SaveResult(
            result["id"]?.GetValue<string>(),
            result["success"]?.GetValue<bool>() ?? errors.Count == 0,
            errors,
            result["created"]?.GetValue<bool>());
    }

    private static SalesforceApiException Unexpected(string what) =>
        new(HttpStatusCode.OK, [new SalesforceError("UNEXPECTED_RESPONSE", $"The {what} response had an unexpected shape.", [])], null);
}
