using StackExchange.Redis;

namespace Portal.Api.Infrastructure.Caching;

/// <summary>
/// Version counters of invalidation scopes ("everything about sku S", "account C's prices for sku S",
/// "the identity generation", ...). A change bumps the counters of the scopes it can affect; a cached
/// value records the counters it was built under and is used only while they are unchanged.
/// <para>
/// The counters are this process's own: a fixed table of hashed buckets (two scopes may share a bucket,
/// which costs an extra miss, never a stale value; memory stays bounded however many scopes change).
/// With Redis, instances share a <b>change log</b>: a bump appends its scopes under the next number of a
/// global epoch, atomically (one script); <see cref="SyncAsync"/> reads the epoch (one small GET) and,
/// only when it moved, the log entries since the last sync, and applies them to the local table. So a
/// bump acknowledged on any instance is applied on every instance before its next read, and a read in
/// steady state costs one GET instead of one key per scope. An instance that fell behind the trimmed log,
/// or sees the epoch go back (Redis lost its data), starts a new generation: every cached value is stale.
/// </para>
/// <para>
/// Redis is optional at runtime: every call goes through a <see cref="RedisGuard"/> (timeout, circuit
/// breaker). While Redis cannot be read, the log cannot be trusted, so every sync starts a new local
/// generation: no cached value is reused across requests (they are all built from the database), and a
/// value built during a request is used only by requests that arrived before it was loaded. Bumps that
/// could not be written are applied locally and written when Redis answers again; then the instance
/// starts one more generation (drops what it cached during the outage) and uses the log again.
/// </para>
/// <para>See docs/adr/0006-version-change-log.md and docs/adr/0008-exactly-once-and-redis-outage.md.</para>
/// </summary>
public sealed class VersionStore
{
    private const string EpochKey = "portal:pv:epoch";
    private const string LogKey = "portal:pv:log";
    private const char Separator = '\0';
    private const int DefaultBuckets = 1 << 20;

    /// <summary>INCR the epoch, add the scopes under it, trim the log to its newest ARGV[2] entries.</summary>
    private const string BumpScript = """
        local e = redis.call('INCR', KEYS[1])
        redis.call('ZADD', KEYS[2], e, e .. '|' .. ARGV[1])
        redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -(tonumber(ARGV[2]) + 1))
        return e
        """;

    private readonly RedisGuard? _redis;
    private readonly HashSet<string> _unsent = new(StringComparer.Ordinal);
    private const int MaxUnsent = 100_000;
    private bool _degraded;
    private long _degradedSyncs;
    private readonly long[] _buckets;
    private readonly int _mask;
    private readonly int _logLength;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly object _syncLock = new();
    private Task? _running;
    private TaskCompletionSource? _waiting;
    private long _epochReads;
    private long _changes;
    private long _epoch = -1;
    private long _generation;
    private long _resets;
    private long _logReads;

    /// <param name="redis">Shared counters through Redis; null: this process only (one instance).</param>
    /// <param name="buckets">Size of the counter table, a power of two.</param>
    /// <param name="logLength">Change-log entries kept in Redis; an instance further behind starts a new generation.</param>
    public VersionStore(IConnectionMultiplexer? redis, int buckets = DefaultBuckets, int logLength = 10_000)
        : this(guard: redis is null ? null : new RedisGuard(redis, RedisGuard.Unhurried), buckets, logLength)
    {
    }

    /// <param name="guard">Shared counters through Redis, guarded; null: this process only (one instance).</param>
    /// <param name="buckets">Size of the counter table, a power of two.</param>
    /// <param name="logLength">Change-log entries kept in Redis; an instance further behind starts a new generation.</param>
    public VersionStore(RedisGuard? guard, int buckets = DefaultBuckets, int logLength = 10_000)
    {
        var redis = guard;
        if (buckets <= 0 || (buckets & (buckets - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(buckets), "The number of buckets is a power of two.");
        }
        _redis = redis;
        _buckets = new long[buckets];
        _mask = buckets - 1;
        _logLength = logLength;
    }

    /// <summary>Times this instance had to drop every cached value (fell behind the log, Redis lost its data).</summary>
    public long Resets => Interlocked.Read(ref _resets);

    /// <summary>True while Redis could not be read at the last sync: nothing cached is reused.</summary>
    public bool Degraded => Volatile.Read(ref _degraded);

    /// <summary>Syncs answered without Redis (each a new generation).</summary>
    public long DegradedSyncs => Interlocked.Read(ref _degradedSyncs);

    /// <summary>Reads of the epoch (shared by concurrent syncs; for tests and diagnostics).</summary>
    public long EpochReads => Interlocked.Read(ref _epochReads);

    /// <summary>Syncs that found the epoch moved and read the log (for tests and diagnostics).</summary>
    public long LogReads => Interlocked.Read(ref _logReads);

    /// <summary>
    /// The counter of a scope as of the last <see cref="SyncAsync"/> (or local bump). It only ever grows,
    /// and includes the generation, so a value recorded before a reset never matches again.
    /// </summary>
    public long Get(string scope) => Get(ScopeHash.Of(scope));

    /// <summary>
    /// <see cref="Get(string)"/> for a scope hashed piece by piece (<see cref="ScopeHash"/>), so the hot path
    /// need not build the scope's string: <c>ScopeHash.Of("cs:" + id + ":" + sku)</c> equals
    /// <c>ScopeHash.Start.Add("cs:").Add(id).Add(":").Add(sku)</c>.
    /// </summary>
    public long Get(ScopeHash scope) => (Volatile.Read(ref _generation) << 40) + Volatile.Read(ref _buckets[Bucket(scope)]);

    /// <summary>
    /// Applies every bump acknowledged (on any instance) before this call. Without Redis there is nothing
    /// to fetch. Call it before reading counters for a value about to be built or checked.
    /// <para>
    /// Concurrent callers share reads, as in a group commit: a caller that arrives while no read is
    /// running starts one; callers that arrive while a read is running (it was sent before they came, so
    /// it may miss a bump acknowledged just before) wait for the next read, which starts when the running
    /// one ends and serves all of them. Every caller is thus covered by a read sent after it arrived.
    /// </para>
    /// </summary>
    public ValueTask SyncAsync(CancellationToken cancellationToken)
    {
        if (_redis is null)
        {
            return ValueTask.CompletedTask;
        }
        Task shared;
        lock (_syncLock)
        {
            if (_running is null)
            {
                shared = StartReadLocked(waiters: null);
            }
            else
            {
                _waiting ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                shared = _waiting.Task;
            }
        }
        return shared.IsCompletedSuccessfully ? ValueTask.CompletedTask : new ValueTask(shared.WaitAsync(cancellationToken));
    }

    /// <summary>Starts a read (under <see cref="_syncLock"/>); when it ends, it releases its waiters and starts the next read if anyone queued.</summary>
    private Task StartReadLocked(TaskCompletionSource? waiters)
    {
        var read = ReadEpochAndCatchUpAsync();
        _running = read;
        read.ContinueWith(static (done, state) =>
        {
            var (store, waiters) = ((VersionStore, TaskCompletionSource?))state!;
            if (waiters is not null)
            {
                if (done.Exception is { } failed)
                {
                    waiters.TrySetException(failed.InnerExceptions);
                }
                else
                {
                    waiters.TrySetResult();
                }
            }
            lock (store._syncLock)
            {
                if (store._waiting is { } next)
                {
                    store._waiting = null;
                    store.StartReadLocked(next);
                }
                else
                {
                    store._running = null;
                }
            }
        }, (this, waiters), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return read;
    }

    private async Task ReadEpochAndCatchUpAsync()
    {
        Interlocked.Increment(ref _epochReads);
        try
        {
            if (Volatile.Read(ref _degraded))
            {
                await RecoverAsync();
                return;
            }
            var before = Volatile.Read(ref _epoch);
            var value = await _redis!.RunAsync(db => db.StringGetAsync(EpochKey));
            var epoch = value.HasValue ? (long)value : 0;
            if (epoch != Volatile.Read(ref _epoch))
            {
                await CatchUpAsync(epoch, before, CancellationToken.None);
            }
        }
        catch (RedisUnavailableException)
        {
            Degrade();
        }
    }

    /// <summary>
    /// Redis could not be read: what other instances changed is unknown. A new generation per sync makes
    /// every cached value stale for every request that arrives from now on (see the class remarks).
    /// </summary>
    private void Degrade()
    {
        Volatile.Write(ref _degraded, true);
        Interlocked.Increment(ref _degradedSyncs);
        Interlocked.Increment(ref _changes);
        Interlocked.Increment(ref _generation);
    }

    /// <summary>After an outage: write the bumps Redis missed, then start over from the current epoch.</summary>
    private async Task RecoverAsync()
    {
        string[] unsent;
        lock (_unsent)
        {
            unsent = [.. _unsent];
        }
        long epoch;
        if (unsent.Length > 0)
        {
            epoch = (long)await _redis!.RunAsync(db => db.ScriptEvaluateAsync(BumpScript, [EpochKey, LogKey], [string.Join(Separator, unsent), _logLength]));
            lock (_unsent)
            {
                _unsent.ExceptWith(unsent);
            }
        }
        else
        {
            var value = await _redis!.RunAsync(db => db.StringGetAsync(EpochKey));
            epoch = value.HasValue ? (long)value : 0;
        }
        await _gate.WaitAsync();
        try
        {
            Reset(epoch);
            Volatile.Write(ref _degraded, false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Bumps the scopes' counters; with Redis, for every instance, before returning.</summary>
    public async Task BumpAsync(IReadOnlyCollection<string> scopes, CancellationToken cancellationToken)
    {
        if (scopes.Count == 0)
        {
            return;
        }
        if (DeferredBumps.TryDefer(scopes))
        {
            return; // the caller's transaction has not committed yet: bumped after it ends
        }
        if (_redis is null)
        {
            Apply(scopes);
            return;
        }
        if (Volatile.Read(ref _epoch) == -1)
        {
            await SyncAsync(cancellationToken); // know where the log stands before adding to it
        }
        if (!Volatile.Read(ref _degraded))
        {
            try
            {
                var before = Volatile.Read(ref _epoch);
                var epoch = (long)await _redis.RunAsync(db => db.ScriptEvaluateAsync(
                    BumpScript, [EpochKey, LogKey], [string.Join(Separator, scopes), _logLength]));
                // This instance applies its own change now (the next read on any other instance reads the epoch).
                await CatchUpAsync(epoch, before, cancellationToken);
                return;
            }
            catch (RedisUnavailableException)
            {
                Degrade();
            }
        }
        // The change is committed; it must not fail for want of Redis. Applied here now, sent when Redis is back.
        Apply(scopes);
        lock (_unsent)
        {
            if (_unsent.Count < MaxUnsent)
            {
                _unsent.UnionWith(scopes.Where(s => s.Length > 0));
            }
        }
    }

    /// <summary>
    /// Applies the log up to <paramref name="epoch"/>, read from Redis when this instance was at
    /// <paramref name="before"/>. Redis never hands out a smaller epoch than one we already had, unless it
    /// lost its data; an epoch below the current local one but not below <paramref name="before"/> is only
    /// a concurrent catch-up having got further, and needs nothing.
    /// </summary>
    private async Task CatchUpAsync(long epoch, long before, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var local = Volatile.Read(ref _epoch);
            if (local == -1)
            {
                // First sync of this process: nothing is cached yet, so nothing to apply.
                Volatile.Write(ref _epoch, epoch);
                return;
            }
            if (epoch < before)
            {
                // The epoch went back: Redis lost its data (restart without persistence, flush).
                Reset(epoch);
                return;
            }
            if (epoch <= local)
            {
                return;
            }
            Interlocked.Increment(ref _logReads);
            var entries = await _redis!.RunAsync(db => db.SortedSetRangeByScoreWithScoresAsync(LogKey, local, double.PositiveInfinity, Exclude.Start));
            if (entries.Length == 0 || (long)entries[0].Score != local + 1)
            {
                // Entries after our epoch were trimmed away: we cannot know what changed.
                Reset(entries.Length == 0 ? epoch : Math.Max(epoch, (long)entries[^1].Score));
                return;
            }
            var newest = local;
            foreach (var entry in entries)
            {
                var text = (string)entry.Element!;
                var bar = text.IndexOf('|');
                Apply(text[(bar + 1)..].Split(Separator));
                newest = (long)entry.Score;
            }
            // Counters first, then the epoch: a reader that sees the new epoch sees the new counters.
            Volatile.Write(ref _epoch, Math.Max(newest, epoch));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>How many bump batches (and resets) this instance has applied: unchanged across a span of time means no counter moved in it.</summary>
    public long Changes => Interlocked.Read(ref _changes);

    private void Apply(IEnumerable<string> scopes)
    {
        Interlocked.Increment(ref _changes);
        foreach (var scope in scopes)
        {
            if (scope.Length > 0)
            {
                Interlocked.Increment(ref _buckets[Bucket(ScopeHash.Of(scope))]);
            }
        }
    }

    private void Reset(long epoch)
    {
        Interlocked.Increment(ref _changes);
        Interlocked.Increment(ref _generation);
        Interlocked.Increment(ref _resets);
        Volatile.Write(ref _epoch, epoch);
    }

    private int Bucket(ScopeHash scope) => (int)(scope.Value ^ (scope.Value >> 32)) & _mask;
}
