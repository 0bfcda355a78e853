using System.Security.Claims;
using System.Security.Cryptography;
using CpqSync.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace CpqSync.Web.Security;

/// <summary>
/// The cookie handler's session store: a signed-in session lives in the store (<see cref="IWebUserStore"/>) and the
/// cookie carries only a random key, so signing out, changing the password or removing the account ends the session on
/// the server, and a copied cookie is refused afterwards. The store keeps a hash of the key, never the key.
/// </summary>
internal sealed class WebSessionStore(IWebUserStore users) : ITicketStore
{
    /// <summary>The <see cref="HttpContext.Items"/> entry holding the current request's session id (see <see cref="CurrentSessionId"/>).</summary>
    private const string SessionItem = "cpqsync.session";

    /// <summary>The store's id of the session the request came with, once authentication has read it.</summary>
    public static string? CurrentSessionId(HttpContext context) => context.Items[SessionItem] as string;

    public Task<string> StoreAsync(AuthenticationTicket ticket) => StoreAsync(ticket, CancellationToken.None);

    public Task<string> StoreAsync(AuthenticationTicket ticket, CancellationToken cancellationToken) => StoreAsync(ticket, null!, cancellationToken);

    public async Task<string> StoreAsync(AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var userId = Guid.Parse(ticket.Principal.FindFirstValue(WebAccess.UserIdClaim)
            ?? throw new InvalidOperationException("A web session needs the account's id."));
        var key = Base64Url(RandomNumberGenerator.GetBytes(32));
        await users.CreateSessionAsync(new WebSession(Id(key), userId, TicketSerializer.Default.Serialize(ticket), Expiry(ticket)), cancellationToken);
        if (httpContext is not null)
        {
            httpContext.Items[SessionItem] = Id(key);
        }

        return key;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) => RenewAsync(key, ticket, CancellationToken.None);

    public Task RenewAsync(string key, AuthenticationTicket ticket, CancellationToken cancellationToken) => RenewAsync(key, ticket, null!, cancellationToken);

    public Task RenewAsync(string key, AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return users.RenewSessionAsync(Id(key), TicketSerializer.Default.Serialize(ticket), Expiry(ticket), cancellationToken);
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, CancellationToken.None);

    public Task<AuthenticationTicket?> RetrieveAsync(string key, CancellationToken cancellationToken) => RetrieveAsync(key, null!, cancellationToken);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var session = await users.GetSessionAsync(Id(key), cancellationToken);
        if (session is null)
        {
            return null;
        }

        if (httpContext is not null)
        {
            httpContext.Items[SessionItem] = session.Id;
        }

        return TicketSerializer.Default.Deserialize(session.Ticket.ToArray());
    }

    public Task RemoveAsync(string key) => RemoveAsync(key, CancellationToken.None);

    public Task RemoveAsync(string key, CancellationToken cancellationToken) => RemoveAsync(key, null!, cancellationToken);

    public Task RemoveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken) =>
        users.EndSessionAsync(Id(key), cancellationToken);

    // A session without an expiry (never the case with the cookie handler) would otherwise live forever.
    private static DateTimeOffset Expiry(AuthenticationTicket ticket) =>
        ticket.Properties.ExpiresUtc ?? ticket.Properties.IssuedUtc?.AddHours(8) ?? throw new InvalidOperationException("A web session needs an expiry.");

    private static string Id(string key) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));

    private static string Base64Url(byte[] bytes) => Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(bytes);
}
