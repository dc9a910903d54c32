using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Portal.Api.Features.Quotes;
using Portal.Api.Tests.Events;
using Portal.Api.Tests.Infrastructure;

namespace Portal.Api.Tests.Quotes;

/// <summary>Quotes over HTTP against PostgreSQL: request → offer → accept into an order, the lifecycle's refusals, history, PDF, mail, webhook, visibility.</summary>
public sealed class QuoteTests(QuotesWorld world) : IClassFixture<QuotesWorld>
{
    private static List<string> Actions(JsonElement quote) =>
        quote.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()!).ToList();

    [Fact]
    public async Task A_request_from_a_cart_becomes_an_offer_and_is_accepted_into_an_order_at_exactly_the_quoted_prices()
    {
        var account = await world.CreateAccountAsync();
        var requester = account["requester"].Client;
        var cart = await QuotesWorld.PostAsync(requester, "/api/v1/carts", null, new { name = "For a quote" });
        var cartId = cart.GetProperty("id").GetGuid();
        await HttpAssert.OkJsonAsync(await requester.PostAsJsonAsync($"/api/v1/carts/{cartId}/lines", new { lines = new[] { new { sku = QuotesWorld.Sku, quantity = 250m } } }));

        var requested = await QuotesWorld.PostAsync(requester, "/api/v1/quote-requests", null, new { cartId, message = "Yearly demand", requestedDeliveryDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)) });
        var id = requested.GetProperty("id").GetGuid();
        Assert.Equal("requested", requested.GetProperty("status").GetString());
        Assert.Equal(0, requested.GetProperty("version").GetInt32());
        Assert.StartsWith("QT-", requested.GetProperty("number").GetString(), StringComparison.Ordinal);
        var requestedLine = Assert.Single(requested.GetProperty("lines").EnumerateArray());
        Assert.Equal(QuotesWorld.Sku, requestedLine.GetProperty("sku").GetString());
        Assert.Equal(250m, requestedLine.GetProperty("quantity").GetDecimal());
        var (requestedList, requestedUnit) = (requestedLine.GetProperty("listPrice").GetDecimal(), requestedLine.GetProperty("unitPrice").GetDecimal());
        Assert.Equal(requestedList - requestedUnit, requestedLine.GetProperty("saving").GetDecimal());
        Assert.Equal(Math.Round((requestedList - requestedUnit) / requestedList * 100, 2, MidpointRounding.AwayFromZero), requestedLine.GetProperty("savingPercent").GetDecimal());
        Assert.Equal(Math.Round(requestedList * 250m, 2, MidpointRounding.AwayFromZero) - requestedLine.GetProperty("lineTotal").GetDecimal(), requestedLine.GetProperty("lineSaving").GetDecimal());
        Assert.Equal(JsonValueKind.Null, requested.GetProperty("draft").ValueKind);

        // The sales desk's queue lists it across accounts, without Portal-Customer.
        var queue = await HttpAssert.OkJsonAsync(await world.SalesSendAsync(HttpMethod.Get, "/api/v1/quotes?status=requested&limit=200", null, null));
        Assert.Contains(queue.GetProperty("items").EnumerateArray(), q => q.GetProperty("id").GetGuid() == id && q.GetProperty("customerId").GetGuid() == account.Id);
        var filtered = await HttpAssert.OkJsonAsync(await world.SalesSendAsync(HttpMethod.Get, $"/api/v1/quotes?status=requested&customerId={account.Id}&minValue=0.01", null, null));
        Assert.Equal(id, Assert.Single(filtered.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());

        var claimed = await world.SalesAsync(HttpMethod.Post, $"/api/v1/quotes/{id}/claim", account.Id, null);
        Assert.Equal("in-progress", claimed.GetProperty("status").GetString());
        var validUntil = DateTimeOffset.UtcNow.AddDays(14);
        var draft = await world.SalesAsync(HttpMethod.Patch, $"/api/v1/quotes/{id}", account.Id, new
        {
            lines = new object[]
            {
                new { sku = QuotesWorld.Sku, quantity = 250m, unitPrice = 0.0875m, leadTimeDays = 5, note = "Yearly price" },
                new { sku = QuotesWorld.Alternative, quantity = 250m, unitPrice = 0.0512m, note = "Alternative: same size, zinc plated" },
            },
            validUntil,
            note = "Prices as agreed on the phone.",
        });
        Assert.Equal(2, draft.GetProperty("draft").GetProperty("lines").GetArrayLength());
        // The desk sees its draft as it would be sent: list price, saving and line total, not zeros.
        foreach (var line in draft.GetProperty("draft").GetProperty("lines").EnumerateArray())
        {
            var list = line.GetProperty("listPrice").GetDecimal();
            var unit = line.GetProperty("unitPrice").GetDecimal();
            Assert.True(list > unit, $"list {list} against {unit}");
            Assert.Equal(list - unit, line.GetProperty("saving").GetDecimal());
            Assert.Equal(Math.Round((list - unit) / list * 100, 2, MidpointRounding.AwayFromZero), line.GetProperty("savingPercent").GetDecimal());
            Assert.Equal(Math.Round(unit * 250m, 2, MidpointRounding.AwayFromZero), line.GetProperty("lineTotal").GetDecimal());
            Assert.Equal(Math.Round(list * 250m, 2, MidpointRounding.AwayFromZero) - line.GetProperty("lineTotal").GetDecimal(), line.GetProperty("lineSaving").GetDecimal());
        }
        var sent = await world.SalesAsync(HttpMethod.Post, $"/api/v1/quotes/{id}/send", account.Id, null);
        Assert.Equal("offered", sent.GetProperty("status").GetString());
        Assert.Equal(1, sent.GetProperty("version").GetInt32());

        // The customer sees the offer with list price and saving, the alternative marked; not the draft.
        var offer = await HttpAssert.OkJsonAsync(await requester.GetAsync($"/api/v1/quotes/{id}"));
        Assert.Equal(JsonValueKind.Null, offer.GetProperty("draft").ValueKind);
        var lines = offer.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal([0.0875m, 0.0512m], lines.Select(l => l.GetProperty("unitPrice").GetDecimal()).ToList());
        Assert.False(lines[0].GetProperty("alternative").GetBoolean());
        Assert.True(lines[1].GetProperty("alternative").GetBoolean());
        foreach (var line in lines)
        {
            var list = line.GetProperty("listPrice").GetDecimal();
            Assert.Equal(list - line.GetProperty("unitPrice").GetDecimal(), line.GetProperty("saving").GetDecimal());
            Assert.Equal(Math.Round(line.GetProperty("unitPrice").GetDecimal() * 250m, 2, MidpointRounding.AwayFromZero), line.GetProperty("lineTotal").GetDecimal());
        }
        Assert.Equal(JsonValueKind.Null, lines[0].GetProperty("targetPrice").ValueKind); // a cart has no target prices
        var version = Assert.Single(offer.GetProperty("versions").EnumerateArray());
        Assert.False(version.GetProperty("superseded").GetBoolean());

        // The PDF of version 1 opens.
        var pdfResponse = await requester.GetAsync($"/api/v1/quotes/{id}/versions/1/pdf");
        Assert.Equal(HttpStatusCode.OK, pdfResponse.StatusCode);
        Assert.Equal("application/pdf", pdfResponse.Content.Headers.ContentType?.MediaType);
        var pdf = await pdfResponse.Content.ReadAsByteArrayAsync();
        using (var document = PdfSharp.Pdf.IO.PdfReader.Open(new MemoryStream(pdf), PdfSharp.Pdf.IO.PdfDocumentOpenMode.Import))
        {
            Assert.True(document.PageCount >= 1);
        }
        await HttpAssert.ProblemAsync(await requester.GetAsync($"/api/v1/quotes/{id}/versions/2/pdf"), HttpStatusCode.NotFound, "urn:portal:problem:not-found");

        // The requester got the offer by mail with the PDF attached.
        var mail = await EventsWorld.EventuallyAsync(() => Task.FromResult(world.Smtp.Messages.FirstOrDefault(m =>
            m.To.ToString().Contains(account["requester"].Email, StringComparison.Ordinal) && (m.Subject ?? string.Empty).Contains(offer.GetProperty("number").GetString()!, StringComparison.Ordinal))), "the offer mail");
        var attachment = Assert.Single(mail.Attachments.OfType<MimePart>());
        Assert.Equal("application/pdf", attachment.ContentType.MimeType);
        using (var content = new MemoryStream())
        {
            await attachment.Content!.DecodeToAsync(content);
            Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(content.ToArray(), 0, 5), StringComparison.Ordinal);
        }

        // Accept: the order carries exactly the quoted prices and quantities; the same key answers the same order.
        var key = Guid.NewGuid().ToString();
        var accepted = await HttpAssert.OkJsonAsync(await QuotesWorld.AcceptAsync(account, id, new { deliveryAddressId = account.Address }, key), HttpStatusCode.Created);
        var orderId = accepted.GetProperty("orderId").GetGuid();
        var replay = await QuotesWorld.AcceptAsync(account, id, new { deliveryAddressId = account.Address }, key);
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal(orderId, (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetGuid());
        var order = await HttpAssert.OkJsonAsync(await requester.GetAsync($"/api/v1/orders/{orderId}"));
        Assert.Equal("quote", order.GetProperty("source").GetString());
        var orderLines = order.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal([QuotesWorld.Sku, QuotesWorld.Alternative], orderLines.Select(l => l.GetProperty("sku").GetString()).ToList());
        Assert.Equal([0.0875m, 0.0512m], orderLines.Select(l => l.GetProperty("unitPrice").GetDecimal()).ToList());
        Assert.Equal([250m, 250m], orderLines.Select(l => l.GetProperty("quantity").GetDecimal()).ToList());
        Assert.All(orderLines, l => Assert.Equal("quote", l.GetProperty("priceSource").GetString()));
        Assert.Equal(lines.Sum(l => l.GetProperty("lineTotal").GetDecimal()), order.GetProperty("total").GetDecimal());

        // Twice: refused, and no second order.
        var twice = await HttpAssert.ProblemAsync(await QuotesWorld.AcceptAsync(account, id, new { }), HttpStatusCode.Conflict, "urn:portal:problem:conflict");
        Assert.Equal(orderId, twice.GetProperty("orderId").GetGuid());
        var orders = await HttpAssert.OkJsonAsync(await account["admin"].Client.GetAsync("/api/v1/orders?limit=200"));
        Assert.Single(orders.GetProperty("items").EnumerateArray());

        // Every step is in the history with actor and time.
        var final = await HttpAssert.OkJsonAsync(await requester.GetAsync($"/api/v1/quotes/{id}"));
        Assert.Equal("accepted", final.GetProperty("status").GetString());
        Assert.Equal(orderId, final.GetProperty("orderId").GetGuid());
        Assert.Equal(["requested", "claimed", "updated", "sent", "accepted"], Actions(final));
        var history = final.GetProperty("history").EnumerateArray().ToList();
        Assert.All(history, h => Assert.False(string.IsNullOrEmpty(h.GetProperty("actor").GetString())));
        Assert.Contains($"user {account["requester"].UserId}", history[0].GetProperty("actor").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("user", history[1].GetProperty("actor").GetString(), StringComparison.Ordinal); // the sales desk's client
        Assert.Equal(orderId, history[^1].GetProperty("orderId").GetGuid());
        Assert.True(history.Zip(history.Skip(1)).All(p => p.First.GetProperty("at").GetDateTimeOffset() <= p.Second.GetProperty("at").GetDateTimeOffset()));
    }

    [Fact]
    public async Task A_superseded_version_an_offer_being_revised_and_an_expired_offer_are_refused()
    {
        var account = await world.CreateAccountAsync();
        var id = (await QuotesWorld.RequestAsync(account)).GetProperty("id").GetGuid();
        await world.OfferAsync(account, id, 0.09m, DateTimeOffset.UtcNow.AddDays(3));

        var revised = await HttpAssert.OkJsonAsync(await account["requester"].Client.PostAsJsonAsync($"/api/v1/quotes/{id}/revise", new { comment = "Can you do 0.08?" }));
        Assert.Equal("in-progress", revised.GetProperty("status").GetString());
        // While the new version is being made, version 1 cannot be accepted.
        await HttpAssert.ProblemAsync(await QuotesWorld.AcceptAsync(account, id, new { }), HttpStatusCode.Conflict, "urn:portal:problem:conflict");

        var second = await world.OfferAsync(account, id, 0.08m, DateTimeOffset.UtcNow.AddDays(3), claim: false);
        Assert.Equal(2, second.GetProperty("version").GetInt32());
        var superseded = await HttpAssert.ProblemAsync(await QuotesWorld.AcceptAsync(account, id, new { version = 1 }), HttpStatusCode.Conflict, "urn:portal:problem:quote-superseded");
        Assert.Equal(2, superseded.GetProperty("latestVersion").GetInt32());
        await HttpAssert.ProblemAsync(await QuotesWorld.AcceptAsync(account, id, new { version = 3 }), HttpStatusCode.NotFound, "urn:portal:problem:not-found");
        var quote = await HttpAssert.OkJsonAsync(await account["requester"].Client.GetAsync($"/api/v1/quotes/{id}"));
        var versions = quote.GetProperty("versions").EnumerateArray().ToList();
        Assert.True(versions[0].GetProperty("superseded").GetBoolean());
        Assert.Equal(0.09m, versions[0].GetProperty("lines")[0].GetProperty("unitPrice").GetDecimal()); // sent versions never change
        Assert.Equal(["requested", "claimed", "updated", "sent", "revision-requested", "updated", "sent"], Actions(quote));
        Assert.Equal("Can you do 0.08?", quote.GetProperty("history")[4].GetProperty("comment").GetString());

        // Expired: validUntil passed, the hourly job has not run; accepting is refused all the same.
        var shortId = (await QuotesWorld.RequestAsync(account)).GetProperty("id").GetGuid();
        var validUntil = DateTimeOffset.UtcNow.AddSeconds(5);
        await world.OfferAsync(account, shortId, 0.09m, validUntil);
        await Task.Delay(validUntil - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(300));
        var expired = await HttpAssert.ProblemAsync(await QuotesWorld.AcceptAsync(account, shortId, new { }), HttpStatusCode.Conflict, "urn:portal:problem:quote-expired");
        Assert.Equal(1, expired.GetProperty("version").GetInt32());
        var shown = await HttpAssert.OkJsonAsync(await account["requester"].Client.GetAsync($"/api/v1/quotes/{shortId}"));
        Assert.Equal("expired", shown.GetProperty("status").GetString());
        Assert.DoesNotContain("expired", Actions(shown));

        // The expiry job's work marks it, with the system as actor, and mails the requester.
        await using (var scope = world.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<QuoteExpiry>().RunOnceAsync(CancellationToken.None) >= 1);
        }
        var marked = await HttpAssert.OkJsonAsync(await account["requester"].Client.GetAsync($"/api/v1/quotes/{shortId}"));
        var last = marked.GetProperty("history").EnumerateArray().Last();
        Assert.Equal("expired", last.GetProperty("action").GetString());
        Assert.Equal("system", last.GetProperty("actor").GetString());
        await HttpAssert.ProblemAsync(await QuotesWorld.AcceptAsync(account, shortId, new { }), HttpStatusCode.Conflict, "urn:portal:problem:quote-expired");
        await EventsWorld.EventuallyAsync(() => Task.FromResult(world.Smtp.Messages.FirstOrDefault(m =>
            m.To.ToString().Contains(account["requester"].Email, StringComparison.Ordinal) && (m.Subject ?? string.Empty).Contains("expired", StringComparison.Ordinal))), "the expiry mail");
        var orders = await HttpAssert.OkJsonAsync(await account["admin"].Client.GetAsync("/api/v1/orders?limit=200"));
        Assert.Empty(orders.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Another_account_gets_404_and_inside_the_account_units_decide_who_sees_and_who_answers()
    {
        var account = await world.CreateAccountAsync();
        var other = await world.CreateAccountAsync();
        var id = (await QuotesWorld.RequestAsync(account)).GetProperty("id").GetGuid();
        await world.OfferAsync(account, id, 0.09m, DateTimeOffset.UtcNow.AddDays(3));

        // Another customer: 404 for every verb, nothing of the quote.
        var foreign = other["admin"].Client;
        await HttpAssert.ProblemAsync(await foreign.GetAsync($"/api/v1/quotes/{id}"), HttpStatusCode.NotFound, "urn:portal:problem:not-found");
        await HttpAssert.ProblemAsync(await foreign.GetAsync($"/api/v1/quotes/{id}/versions/1/pdf"), HttpStatusCode.NotFound, "urn:portal:problem:not-found");
        await HttpAssert.ProblemAsync(await QuotesWorld.AcceptAsync(other, id, new { }, who: "admin"), HttpStatusCode.NotFound, "urn:portal:problem:not-found");
        await HttpAssert.ProblemAsync(await foreign.PostAsJsonAsync($"/api/v1/quotes/{id}/decline", new { reason = "x" }), HttpStatusCode.NotFound, "urn:portal:problem:not-found");
        var foreignList = await HttpAssert.OkJsonAsync(await foreign.GetAsync("/api/v1/quotes"));
        Assert.Empty(foreignList.GetProperty("items").EnumerateArray());
        // The sales desk naming the other account: 404 as well; naming none on a single quote: 400.
        await HttpAssert.ProblemAsync(await world.SalesSendAsync(HttpMethod.Get, $"/api/v1/quotes/{id}", other.Id, null), HttpStatusCode.NotFound, "urn:portal:problem:not-found");
        await HttpAssert.ProblemAsync(await world.SalesSendAsync(HttpMethod.Post, $"/api/v1/quotes/{id}/withdraw", other.Id, new { }), HttpStatusCode.NotFound, "urn:portal:problem:not-found");
        await HttpAssert.ProblemAsync(await world.SalesSendAsync(HttpMethod.Get, $"/api/v1/quotes/{id}", null, null), HttpStatusCode.BadRequest, "urn:portal:problem:bad-request");

        // A colleague (requester) sees only their own; an approver of a sibling unit sees nothing.
        await HttpAssert.ProblemAsync(await account["colleague"].Client.GetAsync($"/api/v1/quotes/{id}"), HttpStatusCode.NotFound, "urn:portal:problem:not-found");
        await HttpAssert.ProblemAsync(await QuotesWorld.AcceptAsync(account, id, new { }, who: "colleague"), HttpStatusCode.NotFound, "urn:portal:problem:not-found");
        await HttpAssert.ProblemAsync(await account["sibling"].Client.GetAsync($"/api/v1/quotes/{id}"), HttpStatusCode.NotFound, "urn:portal:problem:not-found");
        // The department's approver reads it, but answering is the requester's or an administrator's.
        await HttpAssert.OkJsonAsync(await account["approver"].Client.GetAsync($"/api/v1/quotes/{id}"));
        await HttpAssert.ProblemAsync(await QuotesWorld.AcceptAsync(account, id, new { }, who: "approver"), HttpStatusCode.Forbidden, "urn:portal:problem:forbidden");
        var listed = await HttpAssert.OkJsonAsync(await account["approver"].Client.GetAsync($"/api/v1/quotes?requesterId={account["requester"].UserId}"));
        Assert.Single(listed.GetProperty("items").EnumerateArray());
        // Customers do not work the sales desk.
        await HttpAssert.ProblemAsync(await account["admin"].Client.PostAsync($"/api/v1/quotes/{id}/claim", null), HttpStatusCode.Forbidden, "urn:portal:problem:forbidden");

        // The administrator at the root answers for the unit: decline needs a reason.
        await HttpAssert.ProblemAsync(await account["admin"].Client.PostAsJsonAsync($"/api/v1/quotes/{id}/decline", new { reason = " " }), HttpStatusCode.BadRequest, "urn:portal:problem:validation");
        var declined = await HttpAssert.OkJsonAsync(await account["admin"].Client.PostAsJsonAsync($"/api/v1/quotes/{id}/decline", new { reason = "Too expensive" }));
        Assert.Equal("declined", declined.GetProperty("status").GetString());
        Assert.Contains($"user {account["admin"].UserId}", declined.GetProperty("history").EnumerateArray().Last().GetProperty("actor").GetString(), StringComparison.Ordinal);
        await HttpAssert.ProblemAsync(await QuotesWorld.AcceptAsync(account, id, new { }), HttpStatusCode.Conflict, "urn:portal:problem:conflict");
        await HttpAssert.ProblemAsync(await world.SalesSendAsync(HttpMethod.Post, $"/api/v1/quotes/{id}/withdraw", account.Id, new { }), HttpStatusCode.Conflict, "urn:portal:problem:conflict");
    }

    [Fact]
    public async Task The_sales_desk_withdraws_and_edits_only_while_in_progress()
    {
        var account = await world.CreateAccountAsync();
        var id = (await QuotesWorld.RequestAsync(account)).GetProperty("id").GetGuid();
        await HttpAssert.ProblemAsync(
            await world.SalesSendAsync(HttpMethod.Patch, $"/api/v1/quotes/{id}", account.Id, new { validUntil = DateTimeOffset.UtcNow.AddDays(1) }),
            HttpStatusCode.Conflict, "urn:portal:problem:conflict");
        await world.SalesAsync(HttpMethod.Post, $"/api/v1/quotes/{id}/claim", account.Id, null);
        // Sending needs a validity; a price must be given per line and the validity must lie ahead.
        await HttpAssert.ProblemAsync(await world.SalesSendAsync(HttpMethod.Post, $"/api/v1/quotes/{id}/send", account.Id, null), HttpStatusCode.UnprocessableEntity, "urn:portal:problem:business-rule");
        var invalid = await HttpAssert.ProblemAsync(
            await world.SalesSendAsync(HttpMethod.Patch, $"/api/v1/quotes/{id}", account.Id, new { lines = new[] { new { sku = QuotesWorld.Sku, quantity = 1m } }, validUntil = DateTimeOffset.UtcNow.AddDays(-1) }),
            HttpStatusCode.BadRequest, "urn:portal:problem:validation");
        Assert.True(invalid.GetProperty("errors").TryGetProperty("lines[0].unitPrice", out _));
        Assert.True(invalid.GetProperty("errors").TryGetProperty("validUntil", out _));

        var withdrawn = await world.SalesAsync(HttpMethod.Post, $"/api/v1/quotes/{id}/withdraw", account.Id, new { reason = "Discontinued" });
        Assert.Equal("withdrawn", withdrawn.GetProperty("status").GetString());
        await HttpAssert.ProblemAsync(await world.SalesSendAsync(HttpMethod.Post, $"/api/v1/quotes/{id}/withdraw", account.Id, new { }), HttpStatusCode.Conflict, "urn:portal:problem:conflict");
        await HttpAssert.ProblemAsync(await world.SalesSendAsync(HttpMethod.Post, $"/api/v1/quotes/{id}/claim", account.Id, null), HttpStatusCode.Conflict, "urn:portal:problem:conflict");
        var quote = await HttpAssert.OkJsonAsync(await account["requester"].Client.GetAsync($"/api/v1/quotes/{id}"));
        Assert.Equal(["requested", "claimed", "withdrawn"], Actions(quote));
    }

    [Fact]
    public async Task Accepting_goes_through_approvals_and_a_block_budget_refuses_it_without_changing_the_quote()
    {
        var account = await world.CreateAccountAsync();
        await QuotesWorld.PostAsync(account["admin"].Client, "/api/v1/approval-rules", null, new
        {
            name = "Everything", conditions = new { minOrderTotal = 0 }, levels = new object[] { new { approverRole = "approver", orgUnitId = account.Department } },
        });
        var id = (await QuotesWorld.RequestAsync(account)).GetProperty("id").GetGuid();
        await world.OfferAsync(account, id, 0.09m, DateTimeOffset.UtcNow.AddDays(3));
        var budget = (await QuotesWorld.PostAsync(account["admin"].Client, "/api/v1/budgets", null, new
        {
            scope = new { orgUnitId = account.Root }, period = "month", amount = 0.5m, currency = "EUR", policy = "block",
        })).GetProperty("id").GetGuid();

        // 10 × 0.09 = 0.90 exceeds the 0.50 left: nothing placed, the quote still offered.
        var refused = await HttpAssert.ProblemAsync(await QuotesWorld.AcceptAsync(account, id, new { }), HttpStatusCode.Conflict, "urn:portal:problem:budget-exceeded");
        Assert.Equal(0.90m, refused.GetProperty("requested").GetDecimal());
        var still = await HttpAssert.OkJsonAsync(await account["requester"].Client.GetAsync($"/api/v1/quotes/{id}"));
        Assert.Equal("offered", still.GetProperty("status").GetString());
        Assert.DoesNotContain("accepted", Actions(still));

        await HttpAssert.OkJsonAsync(await account["admin"].Client.PatchAsJsonAsync($"/api/v1/budgets/{budget}", new { amount = 100m }));
        var accepted = await HttpAssert.OkJsonAsync(await QuotesWorld.AcceptAsync(account, id, new { }), HttpStatusCode.Created);
        Assert.Equal("pending-approval", accepted.GetProperty("orderStatus").GetString());
        var order = await HttpAssert.OkJsonAsync(await account["requester"].Client.GetAsync($"/api/v1/orders/{accepted.GetProperty("orderId").GetGuid()}"));
        Assert.Equal(0.90m, order.GetProperty("total").GetDecimal());
        Assert.Equal(0.09m, order.GetProperty("lines")[0].GetProperty("unitPrice").GetDecimal());
    }

    [Fact]
    public async Task An_administrator_above_accepting_places_the_order_for_the_quotes_unit_under_its_rules()
    {
        var account = await world.CreateAccountAsync();
        // The department's rule: every order of the department goes to its approver.
        await QuotesWorld.PostAsync(account["admin"].Client, "/api/v1/approval-rules", null, new
        {
            name = "Department", conditions = new { minOrderTotal = 0, orgUnitId = account.Department }, levels = new object[] { new { approverRole = "approver" } },
        });
        var id = (await QuotesWorld.RequestAsync(account)).GetProperty("id").GetGuid();
        await world.OfferAsync(account, id, 0.09m, DateTimeOffset.UtcNow.AddDays(3));

        // The root's administrator answers for the department: the order is the department's, so its rule applies
        // (it was placed at the root, submitted without approval, before).
        var accepted = await HttpAssert.OkJsonAsync(await QuotesWorld.AcceptAsync(account, id, new { }, who: "admin"), HttpStatusCode.Created);
        Assert.Equal("pending-approval", accepted.GetProperty("orderStatus").GetString());
        var order = await HttpAssert.OkJsonAsync(await account["approver"].Client.GetAsync($"/api/v1/orders/{accepted.GetProperty("orderId").GetGuid()}"));
        Assert.Equal(account.Department, order.GetProperty("orgUnitId").GetGuid());
        Assert.Equal(account["admin"].UserId, order.GetProperty("requesterId").GetGuid());
    }

    [Fact]
    public async Task Eight_concurrent_acceptances_with_different_keys_place_exactly_one_order()
    {
        var account = await world.CreateAccountAsync();
        var id = (await QuotesWorld.RequestAsync(account)).GetProperty("id").GetGuid();
        await world.OfferAsync(account, id, 0.09m, DateTimeOffset.UtcNow.AddDays(3));

        using var start = new SemaphoreSlim(0);
        var attempts = Enumerable.Range(0, 8).Select(async i =>
        {
            await start.WaitAsync();
            return await QuotesWorld.AcceptAsync(account, id, new { }, who: i % 2 == 0 ? "requester" : "admin");
        }).ToList();
        start.Release(8);
        var responses = await Task.WhenAll(attempts);
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(7, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var orders = await HttpAssert.OkJsonAsync(await account["admin"].Client.GetAsync("/api/v1/orders?limit=200"));
        var order = Assert.Single(orders.GetProperty("items").EnumerateArray());
        var quote = await HttpAssert.OkJsonAsync(await account["admin"].Client.GetAsync($"/api/v1/quotes/{id}"));
        Assert.Equal(order.GetProperty("id").GetGuid(), quote.GetProperty("orderId").GetGuid());
        Assert.Single(Actions(quote), a => a == "accepted");
    }

    [Fact]
    public async Task A_webhook_subscribed_to_quote_requested_receives_it()
    {
        var account = await world.CreateAccountAsync();
        await using var receiver = await WebhookReceiver.StartAsync(failuresPerEvent: 0);
        // The CRM: a supplier-side subscription, for every account.
        var webhook = await QuotesWorld.PostAsync(world.Admin, "/api/v1/webhooks", null, new { url = receiver.Url, events = new[] { "quote.requested" }, description = "CRM" });
        var secret = webhook.GetProperty("secret").GetString()!;
        var quote = await QuotesWorld.RequestAsync(account, 42);
        var id = quote.GetProperty("id").GetGuid();

        var received = await EventsWorld.EventuallyAsync(() => Task.FromResult(receiver.Requests.FirstOrDefault(r => r.Body.Contains(id.ToString(), StringComparison.Ordinal))), "the quote.requested delivery");
        Assert.True(WebhookReceiver.SignatureVerifies(secret, received));
        using var body = JsonDocument.Parse(received.Body);
        Assert.Equal("quote.requested", body.RootElement.GetProperty("type").GetString());
        Assert.Equal(account.Id, body.RootElement.GetProperty("customerId").GetGuid());
        var data = body.RootElement.GetProperty("data");
        Assert.Equal(quote.GetProperty("number").GetString(), data.GetProperty("number").GetString());
        Assert.Equal(42m, data.GetProperty("lines")[0].GetProperty("quantity").GetDecimal());
        Assert.Equal(0.05m, data.GetProperty("lines")[0].GetProperty("targetPrice").GetDecimal());
        Assert.True((await world.Admin.DeleteAsync($"/api/v1/webhooks/{webhook.GetProperty("id").GetGuid()}")).IsSuccessStatusCode);
    }
}
