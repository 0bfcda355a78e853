using System.Text;

namespace CpqSync.Stripe;

/// <summary>Stripe's <c>application/x-www-form-urlencoded</c> encoding of already-flattened parameters.</summary>
internal static class StripeForm
{
    public static string Encode(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in parameters)
        {
            if (text.Length > 0)
            {
                text.Append('&');
            }

            // Brackets stay readable in names (phases[0][items][0][price]), as Stripe's own clients send them.
            text.Append(Uri.EscapeDataString(name).Replace("%5B", "[", StringComparison.Ordinal).Replace("%5D", "]", StringComparison.Ordinal))
                .Append('=')
                .Append(Uri.EscapeDataString(value));
        }

        return text.ToString();
    }
}
