namespace CpqSync.Cli;

/// <summary>
/// A message as one readable line of a summary: Stripe and Salesforce messages may span lines or quote a whole
/// response. The full text stays in <c>--json</c>, the store and the Sync Record.
/// </summary>
public static class OneLine
{
    public const int MaxLength = 240;

    public static string Of(string? message)
    {
        if (string.IsNullOrEmpty(message))
        {
            return "";
        }

        var line = string.Join(' ', message.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length <= MaxLength ? line : string.Concat(line.AsSpan(0, MaxLength - 1), "…");
    }
}
