namespace CpqSync.Core.Planning;

/// <summary>
/// A value in a Stripe request or a Salesforce write-back: either literal text, or a reference to the id of
/// an object another operation of the same plan creates (resolved by the applier once that operation ran).
/// </summary>
/// <param name="Text">The literal value, when this is not a reference.</param>
/// <param name="Ref">The <see cref="StripeOperation.Id"/> whose resulting Stripe id this stands for.</param>
/// <param name="Format">For references: a template in which <c>{id}</c> is replaced by the id (Dashboard links).</param>
public readonly record struct ParamValue(string? Text, string? Ref, string? Format = null)
{
    public bool IsReference => Ref is not null;

    public static ParamValue Literal(string text) => new(text, null);

    public static ParamValue Reference(string operationId, string? format = null) => new(null, operationId, format);

    /// <summary>The value once references are known: <paramref name="resolve"/> maps an operation id to a Stripe id.</summary>
    public string Resolve(Func<string, string> resolve)
    {
        if (Ref is null)
        {
            return Text!;
        }

        var id = resolve(Ref);
        return Format is null ? id : Format.Replace("{id}", id, StringComparison.Ordinal);
    }

    /// <summary>Canonical text used for hashing and comparison: references stay symbolic.</summary>
    public override string ToString() => Ref is null ? Text! : Format is null ? $"${{{Ref}}}" : $"${{{Ref}|{Format}}}";
}
