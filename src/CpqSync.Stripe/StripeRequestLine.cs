using CpqSync.Core.Planning;

namespace CpqSync.Stripe;

/// <summary>One plan operation as the HTTP request Stripe receives, with every reference replaced by its Stripe id.</summary>
internal sealed record StripeRequestLine(HttpMethod Method, string Path, string? Content, string? IdempotencyKey, string? Target)
{
    public static StripeRequestLine Build(StripeOperation operation, IReadOnlyDictionary<string, string> ids)
    {
        string Resolve(ParamValue value) => value.Resolve(reference => ids.TryGetValue(reference, out var id)
            ? id
            : throw new InvalidOperationException($"Operation '{operation.Id}' refers to '{reference}', which has not run before it."));

        var target = operation.Target is { } symbolic ? Resolve(symbolic) : null;
        var path = operation.Path;
        if (path.Contains("{id}", StringComparison.Ordinal))
        {
            path = path.Replace("{id}", Uri.EscapeDataString(target
                ?? throw new InvalidOperationException($"Operation '{operation.Id}' acts on an existing object but names none.")), StringComparison.Ordinal);
        }

        var form = StripeForm.Encode(operation.Params.Select(p => new KeyValuePair<string, string>(p.Key, Resolve(p.Value))));
        var method = new HttpMethod(operation.Method);
        if (method == HttpMethod.Post)
        {
            // Stripe accepts idempotency keys on POST only; GET and DELETE are idempotent by nature.
            return new StripeRequestLine(method, path, form.Length == 0 ? null : form, operation.IdempotencyKey, target);
        }

        return new StripeRequestLine(method, form.Length == 0 ? path : $"{path}?{form}", null, null, target);
    }
}
