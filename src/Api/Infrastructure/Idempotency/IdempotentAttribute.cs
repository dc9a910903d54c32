using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.EntityFrameworkCore;
using Portal.Api.Infrastructure.Auth;
using Portal.Api.Infrastructure.Data;
using Portal.Api.Infrastructure.Problems;
using Portal.Api.Infrastructure.Tenancy;

namespace Portal.Api.Infrastructure.Idempotency;

/// <summary>
/// Makes any changing request (POST, PUT, PATCH, DELETE; applied to every action as a global filter) safe
/// to retry with an <c>Idempotency-Key</c> header: the same key and
/// body answer the stored response (header <c>Idempotent-Replayed: true</c>) and create nothing; the same
/// key with another body is a 422 problem; a repeat while the first is still running is a 409 problem.
/// Keys are scoped to the account and kept 24 hours. Bodies are buffered to disk beyond 1 MiB, so large
/// uploads are hashed with bounded memory.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class IdempotentAttribute : Attribute, IAsyncResourceFilter
{
    public const string HeaderName = "Idempotency-Key";
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);
    private const int MaxStoredBody = 8 * 1024 * 1024;

    public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        var http = context.HttpContext;
        var key = http.Request.Headers[HeaderName].ToString();
        if (key.Length == 0 || HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
            || context.HttpContext.RequestServices.GetRequiredService<CallerContext>().Current is null)
        {
            await next();
            return;
        }
        if (key.Length > 200 || key.Any(char.IsControl))
        {
            throw new RequestValidationException(new Dictionary<string, string[]> { [HeaderName] = ["The Idempotency-Key is 1 to 200 printable characters (a UUID is ideal)."] });
        }

        var services = http.RequestServices;
        var clock = services.GetRequiredService<TimeProvider>();
        var tenant = services.GetRequiredService<TenantScope>();
        var caller = services.GetRequiredService<CallerContext>().Required;
        var scope = tenant.CustomerId?.ToString("N") ?? "supplier:" + caller.ClientId;
        var hash = await HashRequestAsync(http.Request, http.RequestAborted);
        var now = clock.GetUtcNow();

        await using (var reservation = services.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope())
        {
            var db = reservation.ServiceProvider.GetRequiredService<PortalDbContext>();
            await db.IdempotencyKeys.Where(r => r.Scope == scope && r.Key == key && r.ExpiresAt < now).ExecuteDeleteAsync(http.RequestAborted);
            db.IdempotencyKeys.Add(new IdempotencyRecord { Scope = scope, Key = key, RequestHash = hash, CreatedAt = now, ExpiresAt = now + Retention });
            try
            {
                await db.SaveChangesAsync(http.RequestAborted);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
                var existing = await db.IdempotencyKeys.AsNoTracking().FirstOrDefaultAsync(r => r.Scope == scope && r.Key == key, http.RequestAborted);
                if (existing is null)
                {
                    throw new ConflictException("The Idempotency-Key is being reused at this moment. Retry.");
                }
                if (existing.RequestHash != hash)
                {
                    throw new BusinessRuleException("The Idempotency-Key was used for a different request. Use a new key for a new request.");
                }
                if (!existing.Completed)
                {
                    throw new ConflictException("A request with this Idempotency-Key is still being processed. Retry shortly.");
                }
                context.Result = new ReplayResult(existing);
                return;
            }
        }

        var original = http.Response.Body;
        await using var captured = new MemoryStream();
        http.Response.Body = captured;
        ResourceExecutedContext executed;
        try
        {
            executed = await next();
        }
        finally
        {
            http.Response.Body = original;
        }

        var status = http.Response.StatusCode;
        await using (var completion = services.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope())
        {
            var db = completion.ServiceProvider.GetRequiredService<PortalDbContext>();
            var failed = executed.Exception is not null && !executed.ExceptionHandled;
            if (failed || status >= 500 || captured.Length > MaxStoredBody)
            {
                // Nothing to replay: release the key so that a retry runs the request again.
                await db.IdempotencyKeys.Where(r => r.Scope == scope && r.Key == key).ExecuteDeleteAsync(CancellationToken.None);
            }
            else
            {
                var body = captured.ToArray();
                var contentType = http.Response.ContentType;
                var location = http.Response.Headers.Location.ToString();
                await db.IdempotencyKeys.Where(r => r.Scope == scope && r.Key == key).ExecuteUpdateAsync(r => r
                    .SetProperty(x => x.Completed, true)
                    .SetProperty(x => x.StatusCode, status)
                    .SetProperty(x => x.ContentType, contentType)
                    .SetProperty(x => x.Location, location.Length == 0 ? null : location)
                    .SetProperty(x => x.Body, body), CancellationToken.None);
            }
        }
        captured.Position = 0;
        await captured.CopyToAsync(original, http.RequestAborted);
    }

    private static async Task<string> HashRequestAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        request.EnableBuffering(bufferThreshold: 1024 * 1024, bufferLimit: 512L * 1024 * 1024);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var buffer = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            sha.AppendData(buffer, 0, read);
        }
        request.Body.Position = 0;
        return Convert.ToHexString(sha.GetHashAndReset());
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
