using System.Net;
using System.Text;

namespace CpqSync.Sandbox.Salesforce.OAuth;

/// <summary>The consent page of the web server flow: the request's parameters as hidden fields and Allow/Deny buttons.</summary>
internal static class AuthorizePage
{
    public static string Render(string appName, string username, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Allow Access?</title></head><body>\n");
        html.Append("<h1>Allow Access?</h1>\n<p>").Append(WebUtility.HtmlEncode(appName))
            .Append(" is asking to access your Salesforce data as ").Append(WebUtility.HtmlEncode(username)).Append(".</p>\n");
        html.Append("<form method=\"post\" action=\"/services/oauth2/authorize\">\n");
        foreach (var (name, value) in parameters)
        {
            html.Append("<input type=\"hidden\" name=\"").Append(WebUtility.HtmlEncode(name))
                .Append("\" value=\"").Append(WebUtility.HtmlEncode(value)).Append("\">\n");
        }

        html.Append("<button type=\"submit\" name=\"decision\" value=\"allow\">Allow</button>\n");
        html.Append("<button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button>\n");
        html.Append("</form>\n</body></html>\n");
        return html.ToString();
    }

    public static string Error(string error, string description) =>
        $"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Error</title></head><body>\n<h1>{WebUtility.HtmlEncode(error)}</h1>\n"
        + $"<p>{WebUtility.HtmlEncode(description)}</p>\n</body></html>\n";
}
