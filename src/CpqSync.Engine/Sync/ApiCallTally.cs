namespace CpqSync.Engine.Sync;

/// <summary>
/// Counts the Salesforce and Stripe requests made by one sync. The count follows the sync's async flow, so syncs
/// running in parallel each count their own requests.
/// </summary>
internal sealed class ApiCallTally
{
    private static readonly AsyncLocal<ApiCallTally?> CurrentTally = new();

    private readonly ApiCallTally? _parent;
    private int _salesforce;
    private int _stripe;

    private ApiCallTally(ApiCallTally? parent) => _parent = parent;

    public int Salesforce => Volatile.Read(ref _salesforce);

    public int Stripe => Volatile.Read(ref _stripe);

    /// <summary>The tally of the sync running in this async flow, if any.</summary>
    public static ApiCallTally? Current => CurrentTally.Value;

    /// <summary>
    /// Starts counting for the current async flow (and the flows it starts) until the scope is disposed. Calls also count
    /// in the enclosing tally, so a backfill's total includes its orders'.
    /// </summary>
    public static Scope Begin()
    {
        var previous = CurrentTally.Value;
        var tally = new ApiCallTally(previous);
        CurrentTally.Value = tally;
        return new Scope(tally, previous);
    }

    public void Add(ApiService service)
    {
        for (var tally = this; tally is not null; tally = tally._parent)
        {
            if (service == ApiService.Salesforce)
            {
                Interlocked.Increment(ref tally._salesforce);
            }
            else
            {
                Interlocked.Increment(ref tally._stripe);
            }
        }
    }

    internal readonly struct Scope(ApiCallTally tally, ApiCallTally? previous) : IDisposable
    {
        public ApiCallTally Tally => tally;

        public void Dispose() => CurrentTally.Value = previous;
    }
}

/// <summary>The two APIs a sync calls.</summary>
internal enum ApiService
{
    Salesforce,
    Stripe,
}
