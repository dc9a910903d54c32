using Microsoft.EntityFrameworkCore;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Api.Features.Events;
using Portal.Api.Features.Webhooks;
using Portal.Api.Infrastructure.Data;
using Portal.Api.Infrastructure.Problems;
using Portal.Api.Tests.Infrastructure;

namespace Portal.Api.Tests.Events;

/// <summary>
/// Outbox → webhooks end to end on PostgreSQL: real receivers on loopback (allowed here), retries with a
/// short schedule, signatures checked independently, and two API instances on one database.
/// </summary>
public sealed class WebhookTests(EventsWorld world) : IClassFixture<EventsWorld>, IAsyncLifetime
{
    public Task InitializeAsync() => world.BuildAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task<JsonElement> SubscribeAsync(HttpClient client, string url, string[] events, Guid? customer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/webhooks") { Content = JsonContent.Create(new { url, events, description = "test receiver" }) };
        if (customer is { } c)
        {
            request.Headers.Add("Portal-Customer", c.ToString());
        }
        return await HttpAssert.OkJsonAsync(await client.SendAsync(request), HttpStatusCode.Created);
    }

    private static async Task<List<JsonElement>> DeliveriesAsync(HttpClient client, Guid webhookId)
    {
        var page = await HttpAssert.OkJsonAsync(await client.GetAsync($"/api/v1/webhooks/{webhookId}/deliveries?limit=200"));
        return page.GetProperty("items").EnumerateArray().ToList();
    }

    [Fact]
    public async Task An_order_is_delivered_once_after_two_503s_with_a_signature_that_verifies_and_the_failed_attempts_are_listed()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failuresPerEvent: 2);
        var webhook = await SubscribeAsync(world.AcmeAdmin, receiver.Url, ["order.submitted"]);
        var webhookId = webhook.GetProperty("id").GetGuid();
        var secret = webhook.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);

        var order = await EventsWorld.PlaceOrderAsync(world.Buyer, "webhook-1");
        var orderId = order.GetProperty("id").GetGuid();

        var delivery = await EventsWorld.EventuallyAsync(async () =>
        {
            var items = await DeliveriesAsync(world.AcmeAdmin, webhookId);
            return items.Where(d => d.GetProperty("status").GetString() == "succeeded").Select(d => (JsonElement?)d).FirstOrDefault() is { } d ? new[] { d } : null;
        }, "a succeeded delivery");
        var succeeded = delivery[0];
        Assert.Equal("order.submitted", succeeded.GetProperty("eventType").GetString());
        Assert.Equal(3, succeeded.GetProperty("attemptCount").GetInt32());
        var attempts = succeeded.GetProperty("attempts").EnumerateArray().ToList();
        Assert.Equal([503, 503, 200], attempts.Select(a => a.GetProperty("statusCode").GetInt32()));
        Assert.Equal([false, false, true], attempts.Select(a => a.GetProperty("succeeded").GetBoolean()));
        Assert.All(attempts.Take(2), a => Assert.Contains("503", a.GetProperty("error").GetString(), StringComparison.Ordinal));
        Assert.All(attempts, a => Assert.True(a.GetProperty("durationMs").GetInt32() >= 0));

        var eventId = succeeded.GetProperty("eventId").GetString()!;
        await Task.Delay(1000); // nothing more may arrive
        var received = receiver.For(eventId);
        Assert.Equal(3, received.Count);
        Assert.Single(received, r => r.AnsweredWith == 200);
        Assert.All(received, r => Assert.True(WebhookReceiver.SignatureVerifies(secret, r), "The signature does not verify."));
        Assert.All(received, r => Assert.Equal(received[0].Body, r.Body)); // the same bytes on every attempt
        var body = JsonDocument.Parse(received[0].Body).RootElement;
        Assert.Equal(eventId, body.GetProperty("id").GetString());
        Assert.Equal("order.submitted", body.GetProperty("type").GetString());
        Assert.Equal(orderId, body.GetProperty("data").GetProperty("orderId").GetGuid());
        Assert.Equal(order.GetProperty("number").GetString(), body.GetProperty("data").GetProperty("number").GetString());
        Assert.Equal(2, body.GetProperty("data").GetProperty("lines").GetArrayLength());
        Assert.Single(await DeliveriesAsync(world.AcmeAdmin, webhookId));

        // The secret is never shown again.
        var read = await HttpAssert.OkJsonAsync(await world.AcmeAdmin.GetAsync($"/api/v1/webhooks/{webhookId}"));
        Assert.False(read.TryGetProperty("secret", out _));
        Assert.Equal(HttpStatusCode.NoContent, (await world.AcmeAdmin.DeleteAsync($"/api/v1/webhooks/{webhookId}")).StatusCode);
    }

    [Fact]
    public async Task With_two_instances_on_one_database_every_event_is_delivered_exactly_once_and_mailed_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failuresPerEvent: 2);
        var webhook = await SubscribeAsync(world.Admin, receiver.Url, ["order.submitted"]); // supplier side: every account
        var webhookId = webhook.GetProperty("id").GetGuid();
        var secret = webhook.GetProperty("secret").GetString()!;

        var placing = Enumerable.Range(0, 6).Select(i => EventsWorld.PlaceOrderAsync(i % 2 == 0 ? world.Buyer : world.SecondBuyer, $"two-instances-{i}")).ToList();
        var orders = await Task.WhenAll(placing);
        var numbers = orders.Select(o => o.GetProperty("number").GetString()!).ToList();

        var deliveries = await EventsWorld.EventuallyAsync(async () =>
        {
            var items = await DeliveriesAsync(world.Admin, webhookId);
            return items.Count(d => d.GetProperty("status").GetString() == "succeeded") == orders.Length ? items : null;
        }, "six succeeded deliveries", seconds: 60);
        await Task.Delay(1500); // both dispatchers keep polling: nothing more may arrive

        Assert.Equal(orders.Length, deliveries.Count);
        foreach (var delivery in deliveries)
        {
            var received = receiver.For(delivery.GetProperty("eventId").GetString()!);
            Assert.Equal(3, received.Count);
            Assert.Single(received, r => r.AnsweredWith == 200);
            Assert.All(received, r => Assert.True(WebhookReceiver.SignatureVerifies(secret, r)));
            Assert.Equal(3, delivery.GetProperty("attempts").GetArrayLength());
        }
        var orderIds = receiver.Requests.Where(r => r.AnsweredWith == 200)
            .Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("data").GetProperty("number").GetString()).ToList();
        Assert.Equal(numbers.Order(), orderIds.Order());

        // The requester's order confirmation: one mail per order, although two dispatchers run.
        await EventsWorld.EventuallyAsync(() => Task.FromResult(numbers.All(n => world.Smtp.Messages.Any(m => (m.Subject ?? string.Empty).Contains(n, StringComparison.Ordinal))) ? new object() : null), "the confirmations");
        await Task.Delay(1000);
        Assert.All(numbers, n => Assert.Single(world.Smtp.Messages, m => (m.Subject ?? string.Empty).Contains(n, StringComparison.Ordinal)));
        await world.Admin.DeleteAsync($"/api/v1/webhooks/{webhookId}");
    }

    [Fact]
    public async Task A_4xx_answer_fails_the_delivery_at_once_and_retry_redelivers_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failuresPerEvent: 1, failWith: 400);
        var webhook = await SubscribeAsync(world.AcmeAdmin, receiver.Url, ["order.submitted"]);
        var webhookId = webhook.GetProperty("id").GetGuid();

        var ping = await HttpAssert.OkJsonAsync(await world.AcmeAdmin.PostAsync($"/api/v1/webhooks/{webhookId}/ping", null), HttpStatusCode.Accepted);
        Assert.Equal("webhook.ping", ping.GetProperty("eventType").GetString());
        var deliveryId = ping.GetProperty("id").GetGuid();
        var failed = await EventsWorld.EventuallyAsync(async () =>
            (await DeliveriesAsync(world.AcmeAdmin, webhookId)).Where(d => d.GetProperty("id").GetGuid() == deliveryId && d.GetProperty("status").GetString() == "failed").Select(d => new[] { d }).FirstOrDefault(),
            "a failed delivery");
        Assert.Equal(1, failed[0].GetProperty("attemptCount").GetInt32()); // 400: not retried
        Assert.Equal(400, failed[0].GetProperty("lastStatusCode").GetInt32());

        var retried = await HttpAssert.OkJsonAsync(await world.AcmeAdmin.PostAsync($"/api/v1/webhooks/{webhookId}/deliveries/{deliveryId}/retry", null), HttpStatusCode.Accepted);
        Assert.Equal("pending", retried.GetProperty("status").GetString());
        var succeeded = await EventsWorld.EventuallyAsync(async () =>
            (await DeliveriesAsync(world.AcmeAdmin, webhookId)).Where(d => d.GetProperty("id").GetGuid() == deliveryId && d.GetProperty("status").GetString() == "succeeded").Select(d => new[] { d }).FirstOrDefault(),
            "the redelivery");
        Assert.Equal([400, 200], succeeded[0].GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("statusCode").GetInt32()));
        await HttpAssert.ProblemAsync(await world.AcmeAdmin.PostAsync($"/api/v1/webhooks/{webhookId}/deliveries/{Guid.NewGuid()}/retry", null), HttpStatusCode.NotFound, ProblemTypes.NotFound);
        await world.AcmeAdmin.DeleteAsync($"/api/v1/webhooks/{webhookId}");
    }

    [Fact]
    public async Task After_a_secret_rotation_deliveries_carry_both_signatures_and_the_old_secret_still_verifies()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failuresPerEvent: 0);
        var webhook = await SubscribeAsync(world.AcmeAdmin, receiver.Url, ["order.submitted", "order.cancelled"]);
        var webhookId = webhook.GetProperty("id").GetGuid();
        var oldSecret = webhook.GetProperty("secret").GetString()!;
        var rotated = await HttpAssert.OkJsonAsync(await world.AcmeAdmin.PostAsync($"/api/v1/webhooks/{webhookId}/rotate-secret", null));
        var newSecret = rotated.GetProperty("secret").GetString()!;
        Assert.NotEqual(oldSecret, newSecret);

        var ping = await HttpAssert.OkJsonAsync(await world.AcmeAdmin.PostAsync($"/api/v1/webhooks/{webhookId}/ping", null), HttpStatusCode.Accepted);
        var eventId = ping.GetProperty("eventId").GetString()!;
        var request = await EventsWorld.EventuallyAsync(() => Task.FromResult(receiver.For(eventId).FirstOrDefault()), "the ping");
        Assert.Equal(2, request.Signature.Split(' ').Length);
        Assert.True(WebhookReceiver.SignatureVerifies(newSecret, request));
        Assert.True(WebhookReceiver.SignatureVerifies(oldSecret, request));
        await world.AcmeAdmin.DeleteAsync($"/api/v1/webhooks/{webhookId}");
    }

    [Fact]
    public async Task Webhooks_are_checked_for_authority_fields_and_accounts()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failuresPerEvent: 0);
        // A requester may not subscribe; unknown event types and supplier-only events are field errors.
        await HttpAssert.ProblemAsync(await world.Buyer.PostAsJsonAsync("/api/v1/webhooks", new { url = receiver.Url, events = new[] { "order.submitted" } }), HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        var invalid = await HttpAssert.ProblemAsync(await world.AcmeAdmin.PostAsJsonAsync("/api/v1/webhooks", new { url = receiver.Url, events = new[] { "order.shipped", "price.conditions_changed" } }), HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.True(invalid.GetProperty("errors").TryGetProperty("events[0]", out _));
        Assert.True(invalid.GetProperty("errors").TryGetProperty("events[1]", out _));
        await HttpAssert.ProblemAsync(await world.AcmeAdmin.PostAsJsonAsync("/api/v1/webhooks", new { url = "ftp://example.com/x", events = new[] { "order.submitted" } }), HttpStatusCode.BadRequest, ProblemTypes.UrlNotAllowed);
        // Cloud metadata addresses are refused even where private networks are allowed.
        await HttpAssert.ProblemAsync(await world.AcmeAdmin.PostAsJsonAsync("/api/v1/webhooks", new { url = "http://169.254.169.254/latest", events = new[] { "order.submitted" } }), HttpStatusCode.BadRequest, ProblemTypes.UrlNotAllowed);

        // The supplier's webhook is not the customer's: 404 for the customer administrator.
        var supplier = await SubscribeAsync(world.Admin, receiver.Url, ["price.conditions_changed"]);
        var supplierId = supplier.GetProperty("id").GetGuid();
        await HttpAssert.ProblemAsync(await world.AcmeAdmin.GetAsync($"/api/v1/webhooks/{supplierId}"), HttpStatusCode.NotFound, ProblemTypes.NotFound);
        await HttpAssert.ProblemAsync(await world.AcmeAdmin.DeleteAsync($"/api/v1/webhooks/{supplierId}"), HttpStatusCode.NotFound, ProblemTypes.NotFound);
        var list = await HttpAssert.OkJsonAsync(await world.AcmeAdmin.GetAsync("/api/v1/webhooks"));
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), w => w.GetProperty("id").GetGuid() == supplierId);

        // PATCH changes events and pauses it.
        var patched = await HttpAssert.OkJsonAsync(await world.Admin.PatchAsJsonAsync($"/api/v1/webhooks/{supplierId}", new { events = new[] { "price.conditions_changed", "customer.updated" }, enabled = false }));
        Assert.False(patched.GetProperty("enabled").GetBoolean());
        Assert.Equal(2, patched.GetProperty("events").GetArrayLength());
        await HttpAssert.ProblemAsync(await world.Admin.PostAsync($"/api/v1/webhooks/{supplierId}/ping", null), HttpStatusCode.UnprocessableEntity, ProblemTypes.BusinessRule);
        Assert.Equal(HttpStatusCode.NoContent, (await world.Admin.DeleteAsync($"/api/v1/webhooks/{supplierId}")).StatusCode);
    }

    [Fact]
    public async Task The_requester_receives_one_order_confirmation_in_their_language_and_a_shipping_notice_with_tracking()
    {
        var order = await EventsWorld.PlaceOrderAsync(world.Buyer, "mail-en");
        var number = order.GetProperty("number").GetString()!;
        var mail = await EventsWorld.EventuallyAsync(() => Task.FromResult(world.Smtp.Messages.FirstOrDefault(m => (m.Subject ?? string.Empty).Contains(number, StringComparison.Ordinal))), "the confirmation");
        Assert.Equal($"Order {number} received", mail.Subject);
        Assert.Equal("buyer@acme.example", mail.To.Mailboxes.Single().Address);
        Assert.Equal("orders@supplier.example", mail.From.Mailboxes.Single().Address);
        Assert.Contains(number, mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("FAS-1001", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("<strong>" + number + "</strong>", mail.HtmlBody, StringComparison.Ordinal);
        var total = order.GetProperty("total").GetDecimal();
        Assert.Contains(total.ToString("N2", System.Globalization.CultureInfo.InvariantCulture), mail.TextBody, StringComparison.Ordinal);

        // German for a user whose language is de.
        await HttpAssert.OkJsonAsync(await world.AcmeAdmin.PatchAsJsonAsync($"/api/v1/users/{world.BuyerId}", new { language = "de" }));
        try
        {
            var german = await EventsWorld.PlaceOrderAsync(world.Buyer, "mail-de");
            var germanNumber = german.GetProperty("number").GetString()!;
            var germanMail = await EventsWorld.EventuallyAsync(() => Task.FromResult(world.Smtp.Messages.FirstOrDefault(m => (m.Subject ?? string.Empty).Contains(germanNumber, StringComparison.Ordinal))), "the German confirmation");
            Assert.Equal($"Bestellung {germanNumber} eingegangen", germanMail.Subject);
            Assert.Contains("Guten Tag", germanMail.TextBody, StringComparison.Ordinal);
            Assert.Contains("Bestellnummer", germanMail.HtmlBody, StringComparison.Ordinal);
        }
        finally
        {
            await world.AcmeAdmin.PatchAsJsonAsync($"/api/v1/users/{world.BuyerId}", new { language = "en" });
        }

        // Shipped with tracking: a notice to the requester.
        var orderId = order.GetProperty("id").GetGuid();
        await HttpAssert.OkJsonAsync(await world.Admin.PostAsJsonAsync($"/api/v1/orders/{orderId}/status", new { status = "confirmed" }));
        await HttpAssert.OkJsonAsync(await world.Admin.PostAsJsonAsync($"/api/v1/orders/{orderId}/status", new { status = "shipped", trackingNumber = "1Z999AA10123456784", carrier = "UPS" }));
        var shipped = await EventsWorld.EventuallyAsync(() => Task.FromResult(world.Smtp.Messages.FirstOrDefault(m => m.Subject == $"Order {number} has shipped")), "the shipping notice");
        Assert.Contains("1Z999AA10123456784", shipped.TextBody, StringComparison.Ordinal);
        Assert.Contains("UPS", shipped.HtmlBody, StringComparison.Ordinal);

        await Task.Delay(1000);
        Assert.Single(world.Smtp.Messages, m => m.Subject == $"Order {number} received");
        Assert.Single(world.Smtp.Messages, m => m.Subject == $"Order {number} has shipped");
    }
    [Fact]
    public async Task Conditions_customers_and_users_publish_their_events_and_a_refused_change_publishes_none()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failuresPerEvent: 0);
        var webhook = await SubscribeAsync(world.Admin, receiver.Url, ["price.conditions_changed", "customer.updated", "user.created", "order.cancelled", "order.status_changed"]);
        var webhookId = webhook.GetProperty("id").GetGuid();
        var secret = webhook.GetProperty("secret").GetString()!;

        // A batch with an invalid row changes nothing and publishes nothing.
        var refused = await world.Admin.PutAsJsonAsync("/api/v1/pricing/conditions", new { conditions = new object[] { new { id = "EV-OK", kind = "list", sku = "FAS-1003", currency = "EUR", price = 1.5m }, new { id = "EV-BAD", kind = "list", sku = "FAS-1003", currency = "EUR", price = -1m } } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        await HttpAssert.OkJsonAsync(await world.Admin.PutAsJsonAsync("/api/v1/pricing/conditions", new { conditions = new[] { new { id = "EV-LIST-1", kind = "list", sku = "FAS-1003", currency = "EUR", price = 1.25m } } }));

        var me = await HttpAssert.OkJsonAsync(await world.AcmeAdmin.GetAsync("/api/v1/me"));
        var acme = me.GetProperty("customer").GetProperty("id").GetGuid();
        var root = (await HttpAssert.OkJsonAsync(await world.AcmeAdmin.GetAsync($"/api/v1/customers/{acme}"))).GetProperty("rootOrgUnitId").GetGuid();
        using (var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/customers/{acme}") { Content = JsonContent.Create(new { realtimePricing = false }) })
        {
            await HttpAssert.OkJsonAsync(await world.Admin.SendAsync(patch));
        }
        var email = $"events-{Guid.NewGuid():N}@acme.example";
        await HttpAssert.OkJsonAsync(await world.AcmeAdmin.PostAsJsonAsync("/api/v1/users", new { email, name = "Eve Events", language = "de", roles = new[] { new { role = "requester", orgUnitId = root } } }), HttpStatusCode.Created);
        var order = await EventsWorld.PlaceOrderAsync(world.Buyer, "to-cancel");
        await HttpAssert.OkJsonAsync(await world.Buyer.PostAsJsonAsync($"/api/v1/orders/{order.GetProperty("id").GetGuid()}/cancel", new { reason = "changed my mind" }));

        var types = new[] { "price.conditions_changed", "customer.updated", "user.created", "order.status_changed", "order.cancelled" };
        var bodies = await EventsWorld.EventuallyAsync(() =>
        {
            var parsed = receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
            return Task.FromResult(types.All(t => parsed.Any(p => p.GetProperty("type").GetString() == t)) ? parsed : null);
        }, "every event type");
        Assert.All(receiver.Requests, r => Assert.True(WebhookReceiver.SignatureVerifies(secret, r)));

        var conditions = bodies.Where(b => b.GetProperty("type").GetString() == "price.conditions_changed").ToList();
        var condition = Assert.Single(conditions); // the refused batch published nothing
        Assert.Equal(JsonValueKind.Null, condition.GetProperty("customerId").ValueKind);
        Assert.Equal(["EV-LIST-1"], condition.GetProperty("data").GetProperty("conditionIds").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["FAS-1003"], condition.GetProperty("data").GetProperty("skus").EnumerateArray().Select(e => e.GetString()));

        var customer = bodies.Single(b => b.GetProperty("type").GetString() == "customer.updated");
        Assert.Equal(acme, customer.GetProperty("customerId").GetGuid());
        Assert.False(customer.GetProperty("data").GetProperty("active").ValueKind == JsonValueKind.Undefined);

        var user = bodies.Single(b => b.GetProperty("type").GetString() == "user.created");
        Assert.Equal(email, user.GetProperty("data").GetProperty("email").GetString());
        Assert.Equal("de", user.GetProperty("data").GetProperty("language").GetString());

        var cancelled = bodies.Single(b => b.GetProperty("type").GetString() == "order.cancelled");
        Assert.Equal("submitted", cancelled.GetProperty("data").GetProperty("from").GetString());
        Assert.Equal("changed my mind", cancelled.GetProperty("data").GetProperty("reason").GetString());
        var changedStatus = bodies.Single(b => b.GetProperty("type").GetString() == "order.status_changed");
        Assert.Equal("cancelled", changedStatus.GetProperty("data").GetProperty("to").GetString());
        await world.Admin.DeleteAsync($"/api/v1/webhooks/{webhookId}");
    }
    [Fact]
    public async Task A_receiver_that_keeps_failing_is_dead_lettered_after_the_configured_attempts()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failuresPerEvent: int.MaxValue, failWith: 503);
        var webhook = await SubscribeAsync(world.AcmeAdmin, receiver.Url, ["order.submitted"]);
        var webhookId = webhook.GetProperty("id").GetGuid();
        var ping = await HttpAssert.OkJsonAsync(await world.AcmeAdmin.PostAsync($"/api/v1/webhooks/{webhookId}/ping", null), HttpStatusCode.Accepted);
        var deliveryId = ping.GetProperty("id").GetGuid();
        var dead = await EventsWorld.EventuallyAsync(async () =>
            (await DeliveriesAsync(world.AcmeAdmin, webhookId)).Where(d => d.GetProperty("id").GetGuid() == deliveryId && d.GetProperty("status").GetString() == "dead").Select(d => new[] { d }).FirstOrDefault(),
            "the dead letter");
        // RetrySchedule 300ms,300ms,300ms: four attempts, then dead.
        Assert.Equal(4, dead[0].GetProperty("attemptCount").GetInt32());
        Assert.Equal(4, dead[0].GetProperty("maxAttempts").GetInt32());
        Assert.All(dead[0].GetProperty("attempts").EnumerateArray(), a => Assert.Equal(503, a.GetProperty("statusCode").GetInt32()));
        await Task.Delay(1000);
        Assert.Equal(4, receiver.For(ping.GetProperty("eventId").GetString()!).Count);
        await world.AcmeAdmin.DeleteAsync($"/api/v1/webhooks/{webhookId}");
    }

    [Fact]
    public async Task A_delivery_claimed_by_a_crashed_instance_is_delivered_when_its_lease_runs_out_and_a_live_claim_is_left_alone()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failuresPerEvent: 0);
        var webhook = await SubscribeAsync(world.AcmeAdmin, receiver.Url, ["order.submitted"]);
        var webhookId = webhook.GetProperty("id").GetGuid();
        var now = DateTimeOffset.UtcNow;
        OutboxMessage crashed, live;
        await using (var scope = world.Services.CreateAsyncScope())
        {
            // As a crashed instance leaves them: claimed (a lease), attempted by nobody.
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            crashed = OutboxMessage.Create(EventTypes.WebhookPing, null, now, new WebhookPingData(webhookId, "crashed"));
            live = OutboxMessage.Create(EventTypes.WebhookPing, null, now, new WebhookPingData(webhookId, "live"));
            crashed.DispatchedAt = live.DispatchedAt = now;
            db.OutboxMessages.AddRange(crashed, live);
            db.WebhookDeliveries.Add(new WebhookDelivery { WebhookId = webhookId, MessageId = crashed.Id, EventType = crashed.Type, MaxAttempts = 4, NextAttemptAt = now, CreatedAt = now, LockedUntil = now.AddSeconds(2) });
            db.WebhookDeliveries.Add(new WebhookDelivery { WebhookId = webhookId, MessageId = live.Id, EventType = live.Type, MaxAttempts = 4, NextAttemptAt = now, CreatedAt = now, LockedUntil = now.AddMinutes(10) });
            await db.SaveChangesAsync();
        }
        var received = await EventsWorld.EventuallyAsync(() => Task.FromResult(receiver.For(crashed.EventId).FirstOrDefault()), "the recovered delivery");
        Assert.True(received.At >= now.AddSeconds(1.9), "Delivered before the crashed instance's lease ran out.");
        await Task.Delay(1000);
        Assert.Single(receiver.For(crashed.EventId));
        Assert.Empty(receiver.For(live.EventId)); // still held by its (live) claim
        await world.AcmeAdmin.DeleteAsync($"/api/v1/webhooks/{webhookId}");
    }

    [Fact]
    public async Task A_csv_imports_orders_written_with_copy_read_back_as_ef_writes_them_and_their_events_are_delivered()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failuresPerEvent: 0);
        var webhook = await SubscribeAsync(world.AcmeAdmin, receiver.Url, ["order.submitted"]);
        var webhookId = webhook.GetProperty("id").GetGuid();
        var reference = "COPY-" + Guid.NewGuid().ToString("N")[..8];
        var placed = await EventsWorld.PlaceOrderAsync(world.Buyer, reference + "-EF"); // SaveChanges
        var csv = $"customer_reference;sku;quantity;cost_center\n{reference}-A;FAS-1001;12;\n{reference}-A;TOL-1001;1;\n{reference}-B;FAS-1007;3;CC-1010\n";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/order-imports") { Content = new StringContent(csv, System.Text.Encoding.UTF8, "text/csv") };
        request.Headers.Add("Idempotency-Key", reference);
        var report = await HttpAssert.OkJsonAsync(await world.Buyer.SendAsync(request));
        var numbers = report.GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("number").GetString()!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, numbers.Count);

        // Every imported order's event reaches the webhook once (the dispatcher learns of the COPY-written rows).
        var bodies = await EventsWorld.EventuallyAsync(() =>
        {
            var ok = receiver.Requests.Where(r => r.AnsweredWith == 200).Select(r => JsonDocument.Parse(r.Body).RootElement)
                .Where(b => numbers.Contains(b.GetProperty("data").GetProperty("number").GetString()!)).ToList();
            return Task.FromResult(ok.Count == numbers.Count ? ok : null);
        }, "the imported orders' deliveries");
        Assert.Equal(numbers, bodies.Select(b => b.GetProperty("data").GetProperty("number").GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal(2, bodies.Single(b => b.GetProperty("data").GetProperty("customerReference").GetString() == reference + "-A").GetProperty("data").GetProperty("lines").GetArrayLength());

        // The rows as the database holds them: the imported orders as EF Core writes an order.
        await using var scope = world.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var connection = (Npgsql.NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        async Task<List<string>> RowsAsync(string sql)
        {
            await using var command = new Npgsql.NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("r", reference + "%");
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await reader.ReadAsync())
            {
                rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "<null>" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
            }
            return rows;
        }
        var orders = await RowsAsync("""
            SELECT customer_reference, delivery_address::text, price_mismatches::text, status, currency, version, personal_data_erased_at, tracking_number, carrier,
                   created_at = updated_at, requester_id IS NOT NULL, org_unit_id IS NOT NULL, total
            FROM orders WHERE customer_reference LIKE @r ORDER BY customer_reference
            """);
        Assert.Equal(3, orders.Count);
        var ef = orders[^1].Split('|');
        Assert.EndsWith("-EF", ef[0], StringComparison.Ordinal);
        foreach (var copied in orders.Take(2).Select(o => o.Split('|')))
        {
            Assert.Equal(ef[1..12], copied[1..12]);
        }
        Assert.Equal(orders[^1].Split('|')[12], orders[0].Split('|')[12]); // the same lines as the API order: the same total
        var history = await RowsAsync("""
            SELECT o.customer_reference, h."from" IS NULL, h."to", h.at = o.created_at, h.actor, h.reason, h.customer_id = o.customer_id
            FROM order_status_changes h JOIN orders o ON o.id = h.order_id WHERE o.customer_reference LIKE @r ORDER BY o.customer_reference
            """);
        Assert.Equal(3, history.Count);
        Assert.Equal(history[^1].Split('|')[1..5], history[0].Split('|')[1..5]);
        Assert.Equal([reference + "-A|True|submitted|True", reference + "-B|True|submitted|True"], history.Take(2).Select(h => string.Join("|", h.Split('|')[..4])));
        Assert.All(history.Take(2), h => Assert.EndsWith("|Placed (csv)|True", h, StringComparison.Ordinal));
        var events = await RowsAsync("""
            SELECT o.number, e.type, e.status, e.at = o.created_at, e.tx_id, e.id, e.customer_id = o.customer_id
            FROM order_events e JOIN orders o ON o.id = e.order_id WHERE o.customer_reference LIKE @r ORDER BY e.id
            """);
        Assert.Equal(3, events.Count);
        var imported = events.Select(e => e.Split('|')).Where(e => numbers.Contains(e[0])).ToList();
        Assert.Equal(numbers, imported.Select(e => e[0])); // ids in the order the orders were placed
        Assert.All(imported, e => Assert.Equal(["created", "submitted", "True"], e[1..4]));
        Assert.Single(imported.Select(e => e[4]).Distinct()); // one transaction
        Assert.NotEqual("0", imported[0][4]);
        Assert.All(imported, e => Assert.Equal("True", e[6]));
        var outbox = await RowsAsync("""
            SELECT m.body, m.type, m.dispatched_at IS NOT NULL FROM outbox_messages m
            WHERE m.type = 'order.submitted' AND m.body LIKE '%' || @r || '%'
            """);
        Assert.Equal(3, outbox.Count);
        await world.AcmeAdmin.DeleteAsync($"/api/v1/webhooks/{webhookId}");
    }
}
