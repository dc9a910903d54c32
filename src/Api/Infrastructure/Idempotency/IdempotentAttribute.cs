using System.Runtime.ExceptionServices;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.Filters;
using Npgsql;

namespace Portal.Api.Infrastructure.Idempotency;

/// <summary>
/// Makes any changing request (POST, PUT, PATCH, DELETE; applied to every action as a global filter) safe
/// to retry with an <c>Idempotency-Key</c> header, exactly once, whatever fails in between:
/// <list type="number">
/// <item>The key is reserved with a short lease (<see cref="IdempotencyOptions.Lease"/>), in its own small
/// transaction. A completed key with the same request answers the stored response (header
/// <c>Idempotent-Replayed: true</c>); another request under the key is a 422 problem; a key reserved by a
/// live request is a 409 problem with Retry-After; a reservation whose lease ran out (its instance or
/// connection died) is taken over.</item>
/// <item>The request then runs in one transaction on the request's <see cref="PortalDbContext"/>: its first
/// statement locks the key's row (so no one takes it over while the request runs, however long), the
/// action's writes join it (everything written through the request's context: the order, its events,
/// an import's orders), and its last statement stores the response in the key's row. Then it commits:
/// the effect and the stored response exist together or not at all. A key whose transaction did not commit
/// is free again (deleted at once when this process sees the failure, else when the lease runs out).</item>
/// <item>A transient database failure (a terminated connection, a failover) rolls the transaction back and
/// runs the whole unit again, up to <see cref="IdempotencyOptions.MaxAttempts"/> times; then 503 with
/// Retry-After. A failure of the commit itself is safe too: the next attempt finds the key either completed
/// (replay) or still its own (run again).</item>
/// </list>
/// Keys are scoped per account and API client: another client's key is another key. The fingerprint of
/// the request is taken from its canonical JSON (<see cref="RequestFingerprint"/>), so other whitespace
/// replays. Version bumps (cache invalidation) made during the request are sent after the transaction
/// ended (<see cref="DeferredBumps"/>), never before the commit.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class IdempotentAttribute : Attribute, IAsyncResourceFilter
{
    public const string HeaderName = "Idempotency-Key";
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);
    private static readonly object NestedMarker = new();

    public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        var http = context.HttpContext;
        var key = http.Request.Headers[HeaderName].ToString();
        if (http.Items.ContainsKey(NestedMarker) || key.Length == 0 || HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
            || http.RequestServices.GetRequiredService<CallerContext>().Current is null)
        {
            await next();
            return;
        }
        if (key.Length > 200 || key.Any(char.IsControl))
        {
            throw new RequestValidationException(new Dictionary<string, string[]> { [HeaderName] = ["The Idempotency-Key is 1 to 200 printable characters (a UUID is ideal)."] });
        }

        var services = http.RequestServices;
        var options = services.GetRequiredService<IOptions<IdempotencyOptions>>().Value;
        var clock = services.GetRequiredService<TimeProvider>();
        var caller = services.GetRequiredService<CallerContext>().Required;
        var tenant = services.GetRequiredService<TenantScope>();
        var db = services.GetRequiredService<PortalDbContext>();
        var store = new IdempotencyStore(db, options, clock);
        var scope = Scope(tenant.CustomerId, caller.ClientId);
        var hash = await RequestFingerprint.ComputeAsync(http.Request, http.RequestAborted);
        var owner = Guid.NewGuid();

        var original = http.Response.Body;
        var headersBefore = http.Response.Headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase);
        await using var captured = new MemoryStream();
        var bumps = DeferredBumps.Begin();
        var nextUsed = false;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                http.Response.Body = captured;
                try
                {
                    var claim = await store.ClaimAsync(scope, key, hash, owner, http.RequestAborted);
                    switch (claim.Outcome)
                    {
                        case ClaimOutcome.Replay:
                            context.Result = new ReplayResult(claim.Record!);
                            return;
                        case ClaimOutcome.OtherRequest:
                            throw new BusinessRuleException("The Idempotency-Key was used for a different request. Use a new key for a new request.");
                        case ClaimOutcome.Busy:
                            throw new RequestInProgressException("A request with this Idempotency-Key is still being processed. Retry shortly.", claim.RetryAfter);
                    }

                    await using var transaction = await db.BeginGuardedAsync(http.RequestAborted);
                    if (!await store.LockAsync(scope, key, owner, http.RequestAborted))
                    {
                        // Our lease ran out before the transaction began and another request took the key.
                        throw new RequestInProgressException("A request with this Idempotency-Key is still being processed. Retry shortly.", options.Lease);
                    }

                    Exception? failure;
                    if (!nextUsed)
                    {
                        nextUsed = true;
                        var executed = await next();
                        failure = executed.Exception is not null && !executed.ExceptionHandled ? executed.Exception : null;
                        if (failure is not null)
                        {
                            // Ours to handle: retried below when transient, else rethrown to the exception handler.
                            executed.ExceptionHandled = true;
                        }
                    }
                    else
                    {
                        failure = await RerunAsync(context);
                    }
                    if (failure is not null)
                    {
                        ExceptionDispatchInfo.Capture(failure).Throw();
                    }

                    var status = http.Response.StatusCode;
                    if (status >= 400)
                    {
                        // Refused or failed: nothing is kept. Roll back whatever was written and free the key,
                        // so that the corrected request (or a retry after a 5xx) may use it.
                        // The rollback ends the unit's guard: the release is a statement of its own (inside the
                        // guard a 400 result, such as a body that could not be bound, was retried into a 503).
                        await transaction.RollbackAsync(CancellationToken.None);
                        await store.ReleaseAsync(scope, key, owner);
                        break;
                    }
                    var location = http.Response.Headers.Location.ToString();
                    if (!await store.CompleteAsync(scope, key, owner, status, http.Response.ContentType, location.Length == 0 ? null : location, captured.ToArray(), http.RequestAborted))
                    {
                        throw new RequestInProgressException("A request with this Idempotency-Key is still being processed. Retry shortly.", options.Lease);
                    }
                    await transaction.CommitAsync(http.RequestAborted);
                    break;
                }
                catch (Exception ex) when (TransientDbErrors.IsTransient(ex) && !http.RequestAborted.IsCancellationRequested)
                {
                    services.GetRequiredService<ILogger<IdempotentAttribute>>().LogWarning(
                        "Attempt {Attempt} of {Method} {Path} under an Idempotency-Key failed on a transient database error ({Error}: {Message}); {Next}",
                        attempt, http.Request.Method, http.Request.Path, ex.GetType().Name, ex.Message, attempt >= options.MaxAttempts ? "answering 503" : "running it again");
                    await ResetAsync(db);
                    if (attempt >= options.MaxAttempts)
                    {
                        await store.ReleaseAsync(scope, key, owner);
                        throw new ServiceUnavailableException(
                            "The database could not complete the request; nothing was changed. Send it again with the same Idempotency-Key.", TimeSpan.FromSeconds(1));
                    }
                    ResetResponse(http, headersBefore, captured);
                    await Task.Delay(PortalExecutionStrategy.Delay(attempt), http.RequestAborted);
                }
                catch (Exception)
                {
                    // Refused by the action (or failed): nothing was committed; the key is free again at once.
                    await ResetAsync(db);
                    await store.ReleaseAsync(scope, key, owner);
                    throw;
                }
            }
        }
        finally
        {
            http.Response.Body = original;
            DeferredBumps.End();
            await bumps.FlushAsync(services.GetRequiredService<VersionStore>(), CancellationToken.None);
        }
        captured.Position = 0;
        await captured.CopyToAsync(original, http.RequestAborted);
    }

    /// <summary>Keys are per account (or supplier side) and per API client: another client's key is another key.</summary>
    internal static string Scope(Guid? customerId, string clientId) => (customerId?.ToString("N") ?? "supplier") + ":" + clientId;

    /// <summary>Runs the action again (model binding, filters, the action, its result) for a retry of the unit.</summary>
    private static async Task<Exception?> RerunAsync(ActionContext context)
    {
        var http = context.HttpContext;
        if (http.Request.Body.CanSeek)
        {
            http.Request.Body.Position = 0;
        }
        http.Items[NestedMarker] = true;
        try
        {
            var invoker = http.RequestServices.GetRequiredService<IActionInvokerFactory>()
                .CreateInvoker(new ActionContext(http, context.RouteData, context.ActionDescriptor))
                ?? throw new InvalidOperationException("No invoker for the action.");
            await invoker.InvokeAsync();
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
        finally
        {
            http.Items.Remove(NestedMarker);
        }
    }

    /// <summary>After a failed attempt: the transaction is gone; forget tracked entities and the broken connection.</summary>
    private static async Task ResetAsync(PortalDbContext db)
    {
        try
        {
            if (db.Database.CurrentTransaction is { } transaction)
            {
                await transaction.RollbackAsync(CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or DbUpdateException or System.Data.Common.DbException)
        {
            // The connection is already gone: the server rolled the transaction back.
        }
        db.ChangeTracker.Clear();
        try
        {
            await db.Database.CloseConnectionAsync();
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or System.Data.Common.DbException)
        {
        }
    }

    private static void ResetResponse(HttpContext http, Dictionary<string, Microsoft.Extensions.Primitives.StringValues> headers, MemoryStream captured)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.Headers.Clear();
        foreach (var (name, value) in headers)
        {
            http.Response.Headers[name] = value;
        }
        captured.SetLength(0);
    }

    private sealed class ReplayResult(IdempotencyRecord record) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.StatusCode = record.StatusCode;
            response.Headers["Idempotent-Replayed"] = "true";
            if (record.ContentType is not null)
            {
                response.ContentType = record.ContentType;
            }
            if (record.Location is not null)
            {
                response.Headers.Location = record.Location;
            }
            if (record.Body is { Length: > 0 } body)
            {
                await response.Body.WriteAsync(body);
            }
        }
    }
}
