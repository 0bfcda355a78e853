using CpqSync.Salesforce;

namespace CpqSync.Web.Setup;

/// <summary>One field the source picker offers: a path from the object (<c>Owner.Email</c>), its label and type.</summary>
public sealed record FieldChoice(string Path, string Label, string Type);

/// <summary>
/// The source fields the mapping step's picker offers, from describe calls (the client caches each object's
/// describe): the object's own fields and those its single-target lookups reach.
/// </summary>
public sealed class SourceFieldPicker(SalesforceClient client)
{
    /// <summary>How many lookups the picker follows from the object (<c>Account.Owner.Email</c> from an order is two).</summary>
    public const int PickerDepth = 2;

    /// <summary>At most this many objects are described for one picker, so a lookup-rich object stays quick.</summary>
    private const int MaxPickerObjects = 12;

    /// <summary>The fields of <paramref name="sObject"/> and of the objects its single-target lookups reach.</summary>
    public async Task<IReadOnlyList<FieldChoice>> FieldChoicesAsync(string sObject, CancellationToken cancellationToken)
    {
        var choices = new List<FieldChoice>();
        var queue = new Queue<(string Object, string Prefix, int Depth)>();
        queue.Enqueue((sObject, "", 0));
        var described = 0;
        while (queue.Count > 0 && described < MaxPickerObjects)
        {
            var (current, prefix, depth) = queue.Dequeue();
            var describe = await TryDescribeAsync(current, cancellationToken).ConfigureAwait(false);
            described++;
            if (describe is null)
            {
                continue;
            }

            foreach (var field in describe.Fields.OrderBy(static f => f.Name, StringComparer.OrdinalIgnoreCase))
            {
                choices.Add(new FieldChoice(prefix + field.Name, field.Label ?? field.Name, field.Type));
                if (depth < PickerDepth && field is { Type: "reference", ReferenceTo.Count: 1, RelationshipName: { Length: > 0 } relationship })
                {
                    queue.Enqueue((field.ReferenceTo[0], $"{prefix}{relationship}.", depth + 1));
                }
            }
        }

        return choices;
    }

    private async Task<SObjectDescribe?> TryDescribeAsync(string sObject, CancellationToken cancellationToken)
    {
        try
        {
            return await client.DescribeAsync(sObject, cancellationToken).ConfigureAwait(false);
        }
        catch (SalesforceApiException e) when (e.ErrorCode is "NOT_FOUND" or "INVALID_TYPE")
        {
            return null;
        }
    }
}
