using System.ComponentModel.DataAnnotations;

namespace CpqSync.Engine.Changes;

/// <summary>How the change poller reads Salesforce (configuration section <c>Sync:Polling</c>).</summary>
public sealed class ChangePollingOptions : IValidatableObject
{
    /// <summary>
    /// Time between polls. The default value is 30 seconds: one API call per poll on an idle org, about 2,880 a day.
    /// </summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How far before the cursor each poll re-reads, for changes committed late with an earlier <c>SystemModstamp</c>
    /// and for clock skew. The default value is 2 minutes.
    /// </summary>
    public TimeSpan Overlap { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long after an instant (by this service's clock) its records are trusted not to change again with the same
    /// <c>SystemModstamp</c>: Salesforce stamps to the second, so a record read in the second it changed may change
    /// again in that second. Records read sooner are queued again on the next poll rather than risk missing an edit.
    /// Covers clock skew with Salesforce too. The default value is 5 seconds.
    /// </summary>
    public TimeSpan SettleDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Records per query page (<c>LIMIT</c>); a full page is followed by another. The default value is 200.</summary>
    [Range(1, 2000)]
    public int PageSize { get; set; } = 200;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Interval < TimeSpan.FromSeconds(1) || Interval > TimeSpan.FromHours(24))
        {
            yield return new ValidationResult("The polling interval must be between 1 second and 24 hours.", [nameof(Interval)]);
        }

        if (Overlap < TimeSpan.Zero || Overlap > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult("The polling overlap must be between 0 and 1 hour.", [nameof(Overlap)]);
        }

        if (SettleDelay < TimeSpan.Zero || SettleDelay > Overlap)
        {
            yield return new ValidationResult("The settle delay must be between 0 and the overlap.", [nameof(SettleDelay)]);
        }
    }

    /// <summary>Throws when any setting is out of range.</summary>
    /// <exception cref="ValidationException">Names the first bad setting.</exception>
    public ChangePollingOptions Validated()
    {
        Validator.ValidateObject(this, new ValidationContext(this), validateAllProperties: true);
        return this;
    }
}
