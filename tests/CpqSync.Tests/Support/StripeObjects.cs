using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace CpqSync.Tests.Support;

/// <summary>Lists what the Stripe sandbox holds, through its public API, to count objects and find duplicates.</summary>
internal sealed class StripeObjects(Uri baseUrl, string secretKey)
{
    /// <summary>Every object of a list endpoint (<c>customers</c>, <c>subscription_schedules</c>…), all pages.</summary>
    public async Task<IReadOnlyList<JsonObject>> ListAsync(string resource)
    {
        using var http = new HttpClient { BaseAddress = baseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secretKey);
        var all = new List<JsonObject>();
        string? after = null;
        while (true)
        {
            using var response = await http.GetAsync(new Uri($"v1/{resource}?limit=100{(after is null ? "" : $"&starting_after={after}")}", UriKind.Relative));
            if (response.StatusCode == System.Net.HttpStatusCode.TooManyRequests)
            {
                // The sandbox paces requests per account, like Stripe: the sync under test shares the budget.
                await Task.Delay(TimeSpan.FromMilliseconds(250));
                continue;
            }

            response.EnsureSuccessStatusCode();
            var page = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            var data = page["data"]!.AsArray().Select(o => o!.AsObject()).ToList();
            all.AddRange(data);
            if (!(bool)page["has_more"]! || data.Count == 0)
            {
                return all;
            }

            after = (string)data[^1]["id"]!;
        }
    }

    public async Task<int> CountAsync(string resource) => (await ListAsync(resource)).Count;

    /// <summary>
    /// Objects that carry the same metadata as another: CpqSync tags each object with the Salesforce record it comes from,
    /// so two with identical metadata are one record synced twice.
    /// </summary>
    public async Task<IReadOnlyList<string>> DuplicatesAsync(string resource) =>
        (await ListAsync(resource))
            .Where(o => o["metadata"] is JsonObject { Count: > 0 })
            .GroupBy(o => o["metadata"]!.ToJsonString(), StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Count()} × {g.Key}")
            .ToList();
}
