using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Portal.Load;

/// <summary>
/// `run`: an open-loop, constant-rate load of POST /api/v1/price-calculations. Request i is due at
/// start + i/rate whether or not earlier ones have answered (no coordinated omission); its latency is
/// measured from that due time, so time spent waiting for the scheduler or a connection counts.
/// </summary>
public sealed class LoadRunner(PortalClient client, DataSet data, IReadOnlyList<Guid> accounts, Options options)
{
    private const int StatusTimeout = -1;
    private const int StatusException = -2;
    private const int StatusNotSent = -3;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var mode = options.String("mode", "warm");
        var rate = options.Double("rate", 100);
        var seconds = options.Double("duration", 30);
        var lines = options.Int("lines", 50);
        var maxInFlight = options.Int("max-in-flight", 2_000);
        var random = new Random(options.Int("seed", 42));
        // --target: the measured requests go elsewhere (the minimal app, the limit of this latency), with the same bytes.
        var target = options.String("target", "") is { Length: > 0 } t
            ? new Uri(new Uri(t.EndsWith('/') ? t : t + "/"), "api/v1/price-calculations").ToString()
            : "api/v1/price-calculations";
        if (rate <= 0 || seconds <= 0 || rate * seconds > 1_000_000)
        {
            throw new ArgumentException("--rate and --duration must be positive, with at most 1,000,000 requests in a run.");
        }
        var count = (int)Math.Round(rate * seconds);

        // The requests, prepared before the clock starts.
        var bodies = new byte[count][];
        var customers = new Guid[count];
        if (mode == "warm")
        {
            var warm = WarmSet(lines);
            Console.WriteLine($"run warm: pre-warming {warm.Count} (account, cart) pairs of {lines} lines ...");
            var lineErrors = await PrewarmAsync(warm, cancellationToken);
            Console.WriteLine($"  pre-warm done; line errors in the answers: {(lineErrors.Count == 0 ? "none" : string.Join(", ", lineErrors.Select(e => $"{e.Key} {e.Value}")))}");
            for (var i = 0; i < count; i++)
            {
                var pick = warm[random.Next(warm.Count)];
                (customers[i], bodies[i]) = (pick.Account, pick.Body);
            }
        }
        else if (mode == "cold")
        {
            for (var i = 0; i < count; i++)
            {
                customers[i] = accounts[random.Next(accounts.Count)];
                bodies[i] = DataSet.CalculationBody(data.Cart(random, lines));
            }
            // Warm the server's code paths and the connection pool with a few throw-away random carts.
            var jit = Enumerable.Range(0, 20).Select(_ => (accounts[random.Next(accounts.Count)], DataSet.CalculationBody(data.Cart(random, lines)))).ToList();
            await PrewarmAsync(jit, cancellationToken);
        }
        else
        {
            throw new ArgumentException("--mode is warm or cold.");
        }
        await client.TokenAsync(cancellationToken);

        Console.WriteLine($"run {mode}: {rate:F0} req/s for {seconds:F0} s ({count:N0} requests of {lines} lines), open loop ...");
        var latencies = new double[count];
        var statuses = new int[count];
        var tasks = new Task[count];
        var inFlight = 0;
        var maxLagMs = 0.0;
        var tickFrequency = (double)Stopwatch.Frequency;
        var start = Stopwatch.GetTimestamp();
        // The sender is a thread of its own that sleeps until each request is due with nanosleep (tens of
        // microseconds late at most), not Task.Delay: a timer of ~1 ms resolution on a busy thread pool sent
        // requests 1-3 ms late, and that lateness counted as latency (measured from the due time).
        var sender = new Thread(() =>
        {
            for (var i = 0; i < count && !cancellationToken.IsCancellationRequested; i++)
            {
                var due = start + (long)(i * tickFrequency / rate);
                PreciseSleep.Until(due);
                maxLagMs = Math.Max(maxLagMs, (Stopwatch.GetTimestamp() - due) * 1000 / tickFrequency);
                if (Volatile.Read(ref inFlight) >= maxInFlight)
                {
                    statuses[i] = StatusNotSent;
                    tasks[i] = Task.CompletedTask;
                    continue;
                }
                Interlocked.Increment(ref inFlight);
                tasks[i] = SendOneAsync(i, due);
            }
        })
        { IsBackground = true, Name = "open-loop sender" };
        sender.Start();
        await Task.Run(sender.Join, cancellationToken);
        for (var i = 0; i < count; i++)
        {
            tasks[i] ??= Task.CompletedTask;
        }
        var sendSeconds = (Stopwatch.GetTimestamp() - start) / tickFrequency;
        await Task.WhenAll(tasks);
        var totalSeconds = (Stopwatch.GetTimestamp() - start) / tickFrequency;

        Report(mode, rate, seconds, count, latencies, statuses, sendSeconds, totalSeconds, maxLagMs);
        return statuses.Count(s => s != 200) == 0 ? 0 : 1;

        async Task SendOneAsync(int i, long due)
        {
            try
            {
                var (status, _) = await client.SendJsonAsync(HttpMethod.Post, target, bodies[i], customers[i], cancellationToken);
                statuses[i] = (int)status;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                statuses[i] = StatusTimeout;
            }
            catch (HttpRequestException)
            {
                statuses[i] = StatusException;
            }
            finally
            {
                latencies[i] = (Stopwatch.GetTimestamp() - due) * 1000 / tickFrequency;
                Interlocked.Decrement(ref inFlight);
            }
        }
    }

    /// <summary>The warm set: the first --warm-accounts accounts × --warm-carts fixed carts each.</summary>
    public List<(Guid Account, byte[] Body)> WarmSet(int lines)
    {
        var perAccount = options.Int("warm-carts", 10);
        var random = new Random(4711);
        var set = new List<(Guid, byte[])>();
        foreach (var account in accounts.Take(options.Int("warm-accounts", 10)))
        {
            for (var c = 0; c < perAccount; c++)
            {
                set.Add((account, DataSet.CalculationBody(data.Cart(random, lines))));
            }
        }
        return set;
    }

    /// <summary>Sends each request once (4 at a time); all must answer 200. Returns the line error codes seen.</summary>
    public async Task<SortedDictionary<string, int>> PrewarmAsync(IReadOnlyList<(Guid Account, byte[] Body)> requests, CancellationToken cancellationToken)
    {
        var errors = new SortedDictionary<string, int>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (r, ct) =>
        {
            var (status, body) = await client.SendJsonAsync(HttpMethod.Post, "api/v1/price-calculations", r.Body, r.Account, ct);
            if (status != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"POST /api/v1/price-calculations answered {(int)status}: {System.Text.Encoding.UTF8.GetString(body)}");
            }
            foreach (var code in LineErrors(body))
            {
                lock (errors)
                {
                    errors[code] = errors.GetValueOrDefault(code) + 1;
                }
            }
        });
        return errors;
    }

    public static IEnumerable<string> LineErrors(byte[] body)
    {
        using var json = JsonDocument.Parse(body);
        var codes = new List<string>();
        foreach (var line in json.RootElement.GetProperty("lines").EnumerateArray())
        {
            if (line.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                codes.Add(error.GetProperty("code").GetString() ?? "?");
            }
        }
        return codes;
    }

    private static void Report(string mode, double rate, double seconds, int count, double[] latencies, int[] statuses, double sendSeconds, double totalSeconds, double maxLagMs)
    {
        var ok = statuses.Count(s => s == 200);
        var errors = count - ok;
        var answered = latencies.Where((_, i) => statuses[i] == 200).OrderBy(l => l).ToArray();
        double P(double q) => answered.Length == 0 ? double.NaN : answered[Math.Min(answered.Length - 1, (int)Math.Ceiling(q * answered.Length) - 1)];
        var byKind = statuses.Where(s => s != 200).GroupBy(s => s switch
        {
            StatusTimeout => "timeout",
            StatusException => "connection error",
            StatusNotSent => $"not sent (over --max-in-flight)",
            _ => "HTTP " + s.ToString(CultureInfo.InvariantCulture),
        }).Select(g => $"{g.Key}: {g.Count()}");
        Console.WriteLine($"  target {rate:F0} req/s × {seconds:F0} s = {count:N0} requests; sent at {count / sendSeconds:F1} req/s; answered 200 at {ok / totalSeconds:F1} req/s (all done after {totalSeconds:F1} s)");
        Console.WriteLine($"  latency ms (from due time): p50 {P(0.50):F2}  p90 {P(0.90):F2}  p99 {P(0.99):F2}  max {(answered.Length == 0 ? double.NaN : answered[^1]):F2}");
        Console.WriteLine($"  errors: {errors}{(errors == 0 ? string.Empty : " (" + string.Join(", ", byKind) + ")")}; max scheduler lag {maxLagMs:F2} ms");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT run mode={mode} target_rps={rate:F0} duration_s={seconds:F0} requests={count} achieved_rps={ok / totalSeconds:F1} p50_ms={P(0.50):F2} p90_ms={P(0.90):F2} p99_ms={P(0.99):F2} max_ms={(answered.Length == 0 ? double.NaN : answered[^1]):F2} errors={errors}"));
    }
}

/// <summary>Sleeps until a <see cref="Stopwatch"/> timestamp with sub-millisecond precision, without spinning.</summary>
internal static class PreciseSleep
{
    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "nanosleep", SetLastError = true)]
    private static extern int NanoSleep(ref Timespec request, IntPtr remaining);

    public static void Until(long timestamp)
    {
        while (true)
        {
            var ahead = timestamp - Stopwatch.GetTimestamp();
            if (ahead <= 0)
            {
                return;
            }
            var nanoseconds = (long)(ahead * (1_000_000_000.0 / Stopwatch.Frequency));
            if (OperatingSystem.IsLinux())
            {
                var request = new Timespec { Seconds = nanoseconds / 1_000_000_000, Nanoseconds = nanoseconds % 1_000_000_000 };
                NanoSleep(ref request, IntPtr.Zero);
            }
            else
            {
                Thread.Sleep(TimeSpan.FromTicks(Math.Max(nanoseconds / 100, TimeSpan.TicksPerMillisecond)));
            }
        }
    }
}
