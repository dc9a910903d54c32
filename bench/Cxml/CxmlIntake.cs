using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Xml;
using Portal.Punchout.Cxml;

namespace Portal.Bench.Cxml;

/// <summary>
/// The cXML OrderRequest intake against its limits, for bench/run.sh (no BenchmarkDotNet: a plain timed loop,
/// median of rounds):
/// <list type="bullet">
/// <item><c>cxml-parse</c>: documents/s of <see cref="CxmlReader.ReadAsync"/> (the reader the endpoint uses: safe
/// XML settings, size and depth limits, mapping to the model) against a bare <see cref="XmlReader"/> pass over the
/// same bytes (parse only, nothing kept): the physical limit of reading the document at all.</item>
/// <item><c>cxml-orders</c>: end-to-end orders/s through <c>POST /punchout/cxml</c> of a running API.</item>
/// </list>
/// </summary>
public static class CxmlIntake
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = args.Skip(1).Chunk(2).Where(p => p.Length == 2).ToDictionary(p => p[0].TrimStart('-'), p => p[1]);
        string Opt(string name, string fallback) => options.TryGetValue(name, out var v) ? v : fallback;
        var lines = int.Parse(Opt("lines", "50"), CultureInfo.InvariantCulture);
        var skus = File.Exists(Opt("skus", "")) ? File.ReadAllLines(Opt("skus", "")).Where(s => s.Length > 0).ToArray()
            : Enumerable.Range(0, lines).Select(i => $"BENCH-{i:D6}").ToArray();
        return args[0] switch
        {
            "cxml-parse" => await ParseAsync(Document("PO-BENCH-0", lines, skus, "AN-BENCH", "secret"),
                int.Parse(Opt("docs", "2000"), CultureInfo.InvariantCulture), int.Parse(Opt("rounds", "3"), CultureInfo.InvariantCulture)),
            "cxml-orders" => await OrdersAsync(Opt("url", "http://127.0.0.1:5080"), Opt("identity", "AN-DEMO-ACME"), Opt("secret", ""),
                lines, skus, int.Parse(Opt("count", "200"), CultureInfo.InvariantCulture), int.Parse(Opt("parallel", "4"), CultureInfo.InvariantCulture)),
            _ => 2,
        };
    }

    /// <summary>An OrderRequest as Coupa sends it: <paramref name="lines"/> lines with details and a cost center each.</summary>
    public static byte[] Document(string orderId, int lines, IReadOnlyList<string> skus, string identity, string secret)
    {
        var items = Enumerable.Range(0, lines).Select(i => new CxmlItemOut
        {
            Quantity = 1 + i % 7,
            LineNumber = i + 1,
            ItemId = new CxmlItemId(skus[i % skus.Count]),
            Detail = new CxmlItemDetail
            {
                UnitPrice = new CxmlMoney(10m + i % 13, "EUR"),
                Description = $"Bench item {i} — DIN 912 socket cap screw, zinc plated",
                UnitOfMeasure = "EA",
                Classifications = [new CxmlClassification("UNSPSC", "31161500")],
            },
            Distributions = [new CxmlDistribution("Cost Center", [new CxmlAccountingSegment("CC-1010", "Cost Center", "Maintenance")], null)],
        }).ToList();
        var doc = new CxmlDocument
        {
            PayloadId = $"{orderId}.{Guid.NewGuid():N}@bench.local",
            Timestamp = DateTimeOffset.UtcNow,
            Version = CxmlVersion.Current,
            Header = new CxmlHeader([new CxmlCredential("NetworkId", identity)], [new CxmlCredential("DUNS", "123456789")],
                [new CxmlCredential("NetworkId", identity, secret)], "Portal bench"),
            Request = new OrderRequest
            {
                Header = new CxmlOrderRequestHeader
                {
                    OrderId = orderId, OrderDate = DateTimeOffset.UtcNow, Type = "new", OrderVersion = 1,
                    Total = new CxmlMoney(items.Sum(l => l.Quantity * l.Detail!.UnitPrice.Amount), "EUR"),
                    Contacts = [new CxmlContact("endUser", "Bench Buyer", "buyer@acme.example")],
                },
                Items = items,
            },
        };
        return CxmlWriter.WriteToUtf8Bytes(doc);
    }

    private static async Task<int> ParseAsync(byte[] document, int docs, int rounds)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null, IgnoreWhitespace = true };
        var sink = 0;
        double Bare()
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < docs; i++)
            {
                using var reader = XmlReader.Create(new MemoryStream(document, writable: false), settings);
                while (reader.Read())
                {
                    sink += reader.NodeType == XmlNodeType.Element ? 1 : 0;
                }
            }
            return docs / clock.Elapsed.TotalSeconds;
        }
        async Task<double> Portal()
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < docs; i++)
            {
                var parsed = await CxmlReader.ReadAsync(new MemoryStream(document, writable: false));
                sink += parsed.Request is OrderRequest o ? o.Items.Count : 0;
            }
            return docs / clock.Elapsed.TotalSeconds;
        }
        Bare();
        await Portal(); // warm-up: JIT and tiering
        var bare = new List<double>();
        var portal = new List<double>();
        for (var r = 0; r < rounds; r++)
        {
            bare.Add(Bare());
            portal.Add(await Portal());
        }
        var (b, p) = (Median(bare), Median(portal));
        Console.WriteLine(FormattableString.Invariant(
            $"RESULT cxml-parse bytes={document.Length} docs={docs} rounds={rounds} reader_docs_s={p:F0} bare_docs_s={b:F0} ratio={p / b:F3} (sink {sink % 10})"));
        return 0;
    }

    private static async Task<int> OrdersAsync(string url, string identity, string secret, int lines, string[] skus, int count, int parallel)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        var run = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
        var documents = Enumerable.Range(0, count).Select(i => Document($"PO-BENCH-{run}-{i:D6}", lines, skus, identity, secret)).ToArray();
        var ok = 0;
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(documents, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (bytes, ct) =>
        {
            using var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("text/xml") { CharSet = "utf-8" };
            using var response = await http.PostAsync("/punchout/cxml", content, ct);
            var answer = CxmlReader.Read(await response.Content.ReadAsStringAsync(ct));
            if (answer.Response?.Status.IsSuccess == true)
            {
                Interlocked.Increment(ref ok);
            }
            else
            {
                lock (failures) { failures.Add($"{answer.Response?.Status.Code} {answer.Response?.Status.Text} {answer.Response?.Status.Message}"); }
            }
        });
        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(FormattableString.Invariant(
            $"RESULT cxml-orders count={count} lines={lines} parallel={parallel} ok={ok} seconds={seconds:F1} orders_s={ok / seconds:F1}"));
        foreach (var failure in failures.Distinct().Take(3))
        {
            Console.WriteLine("  failed: " + failure);
        }
        return ok == count ? 0 : 1;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
