namespace CpqSync.Engine.Snapshots;

/// <summary>
/// Whether the org holds any coupon record (<c>Quote_Stripe_Coupon__c</c>, or a coupon copy
/// <c>Order_Stripe_Coupon__c</c>), learned for free with a snapshot's coupon round (two <c>COUNT()</c> queries riding in
/// it) and trusted for <see cref="Horizon"/>: an org without coupons then reads an order without its coupon round, one
/// call instead of two (coupons: docs/behaviour.md §9).
/// </summary>
/// <remarks>
/// The quote's own coupons are still read with the order (in the same call), so a coupon added since shows at once and
/// brings the coupon round back; only a line coupon in an org that held no coupon record waits for the horizon.
/// </remarks>
internal sealed class CouponPresence(TimeProvider time)
{
    /// <summary>How long an org found without coupons is read without its coupon round before it is counted again.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromMinutes(1);

    private Known? _known;

    /// <summary>The org was found without coupon records within the horizon.</summary>
    public bool KnownAbsent => Volatile.Read(ref _known) is { Any: false } known && time.GetElapsedTime(known.At) < Horizon;

    /// <summary>The org's coupon count should ride with the next coupon round: never learned, or learned too long ago.</summary>
    public bool Stale => Volatile.Read(ref _known) is not { } known || time.GetElapsedTime(known.At) >= Horizon;

    public void Learn(bool any) => Volatile.Write(ref _known, new Known(any, time.GetTimestamp()));

    private sealed record Known(bool Any, long At);
}
