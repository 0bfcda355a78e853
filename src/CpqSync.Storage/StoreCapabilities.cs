namespace CpqSync.Storage;

/// <summary>What a backend can do, where SQLite and PostgreSQL differ (the engine sizes its worker pool from these).</summary>
/// <param name="ConcurrentLeasing">
/// Several workers lease at the same time without waiting for one another (PostgreSQL, <c>FOR UPDATE SKIP LOCKED</c>).
/// When <see langword="false"/> every write, leasing included, runs in one writer transaction at a time (SQLite).
/// </param>
/// <param name="MultipleProcesses">Several processes on several machines may share the store.</param>
public sealed record StoreCapabilities(bool ConcurrentLeasing, bool MultipleProcesses);
