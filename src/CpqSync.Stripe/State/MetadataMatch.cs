namespace CpqSync.Stripe.State;

/// <summary>What a <see cref="StripeMetadataSearch"/> found: the Stripe id, or <see langword="null"/>, and the calls it took.</summary>
/// <param name="Matches">How many objects carried the metadata; more than one means duplicates exist (the oldest is returned).</param>
public sealed record MetadataMatch(string? Id, int Matches, int StripeCalls)
{
    public bool Found => Id is not null;
}
