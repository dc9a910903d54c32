using System.Linq.Expressions;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Portal.Api.Features.AccessLog;
using Portal.Api.Features.Accounts;
using Portal.Api.Features.ApiClients;
using Portal.Api.Features.Catalog;

namespace Portal.Api.Infrastructure.Data;

/// <summary>
/// The one database context: every feature's entities, configured by its own IEntityTypeConfiguration.
/// Every <see cref="ICustomerScoped"/> entity is filtered by the request's <see cref="TenantScope"/>.
/// </summary>
public sealed class PortalDbContext(DbContextOptions<PortalDbContext> options, TenantScope? tenant = null) : DbContext(options), IDataProtectionKeyContext
{
    private readonly TenantScope _tenant = tenant ?? new TenantScope();

    public DbSet<Product> Products => Set<Product>();

    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<OrgUnit> OrgUnits => Set<OrgUnit>();

    public DbSet<User> Users => Set<User>();

    public DbSet<RoleAssignment> RoleAssignments => Set<RoleAssignment>();

    public DbSet<CostCenter> CostCenters => Set<CostCenter>();

    public DbSet<Address> Addresses => Set<Address>();

    public DbSet<ApiClient> ApiClients => Set<ApiClient>();

    public DbSet<AccessLogEntry> AccessLog => Set<AccessLogEntry>();

    public DbSet<Features.Pricing.PriceCondition> PriceConditions => Set<Features.Pricing.PriceCondition>();

    public DbSet<Features.Ordering.Cart> Carts => Set<Features.Ordering.Cart>();

    public DbSet<Features.Ordering.CartLine> CartLines => Set<Features.Ordering.CartLine>();

    public DbSet<Features.Ordering.Order> Orders => Set<Features.Ordering.Order>();

    public DbSet<Features.Ordering.OrderLine> OrderLines => Set<Features.Ordering.OrderLine>();

    public DbSet<Features.Ordering.OrderStatusChange> OrderStatusChanges => Set<Features.Ordering.OrderStatusChange>();

    public DbSet<Features.Ordering.OrderDocument> OrderDocuments => Set<Features.Ordering.OrderDocument>();

    public DbSet<Features.Ordering.OrderEvent> OrderEvents => Set<Features.Ordering.OrderEvent>();

    public DbSet<Features.Ordering.Counter> Counters => Set<Features.Ordering.Counter>();

    public DbSet<Idempotency.IdempotencyRecord> IdempotencyKeys => Set<Idempotency.IdempotencyRecord>();

    public DbSet<TokenKey> TokenKeys => Set<TokenKey>();

    /// <summary>The ASP.NET Core Data Protection key ring, shared by every instance (ADR 0007).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Features.Punchout.PunchoutAccount> PunchoutAccounts => Set<Features.Punchout.PunchoutAccount>();

    public DbSet<Features.Punchout.PunchoutCredential> PunchoutCredentials => Set<Features.Punchout.PunchoutCredential>();

    public DbSet<Features.Punchout.PunchoutSession> PunchoutSessions => Set<Features.Punchout.PunchoutSession>();

    public DbSet<Features.Punchout.PunchoutSessionLine> PunchoutSessionLines => Set<Features.Punchout.PunchoutSessionLine>();

    public DbSet<Features.Punchout.CxmlOrderReceipt> CxmlOrderReceipts => Set<Features.Punchout.CxmlOrderReceipt>();

    public DbSet<Features.Events.OutboxMessage> OutboxMessages => Set<Features.Events.OutboxMessage>();

    public DbSet<Features.Webhooks.Webhook> Webhooks => Set<Features.Webhooks.Webhook>();

    public DbSet<Features.Webhooks.WebhookDelivery> WebhookDeliveries => Set<Features.Webhooks.WebhookDelivery>();

    public DbSet<Features.Webhooks.WebhookDeliveryAttempt> WebhookDeliveryAttempts => Set<Features.Webhooks.WebhookDeliveryAttempt>();

    public DbSet<Features.Notifications.MailMessage> MailMessages => Set<Features.Notifications.MailMessage>();

    public DbSet<Features.Quotes.Quote> Quotes => Set<Features.Quotes.Quote>();

    public DbSet<Features.Quotes.QuoteVersion> QuoteVersions => Set<Features.Quotes.QuoteVersion>();

    public DbSet<Features.Quotes.QuoteHistoryEntry> QuoteHistory => Set<Features.Quotes.QuoteHistoryEntry>();
    public DbSet<Features.Reordering.OrderTemplate> OrderTemplates => Set<Features.Reordering.OrderTemplate>();

    public DbSet<Features.Reordering.FavoriteList> FavoriteLists => Set<Features.Reordering.FavoriteList>();

    public DbSet<Features.Reordering.ReplenishmentSchedule> ReplenishmentSchedules => Set<Features.Reordering.ReplenishmentSchedule>();

    public DbSet<Features.Reordering.ReplenishmentRun> ReplenishmentRuns => Set<Features.Reordering.ReplenishmentRun>();
    public DbSet<Features.Sso.SsoConnection> SsoConnections => Set<Features.Sso.SsoConnection>();

    public DbSet<Features.Sso.SsoRoleMapping> SsoRoleMappings => Set<Features.Sso.SsoRoleMapping>();

    public DbSet<Features.Sso.SsoLoginRequest> SsoLoginRequests => Set<Features.Sso.SsoLoginRequest>();

    public DbSet<Features.Sso.SsoAssertionUse> SsoAssertionUses => Set<Features.Sso.SsoAssertionUse>();

    public DbSet<Features.Ordering.OrderInvoice> OrderInvoices => Set<Features.Ordering.OrderInvoice>();

    public DbSet<Features.Ordering.OrderCxmlDocument> OrderCxmlDocuments => Set<Features.Ordering.OrderCxmlDocument>();

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        BumpVersions();
        var moves = Database.IsNpgsql() ? Features.Budgets.BudgetLedger.StatusMoves(ChangeTracker) : [];
        return moves.Count == 0
            ? base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken)
            : SaveWithStatusMovesAsync(moves, acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        BumpVersions();
        if (Database.IsNpgsql() && Features.Budgets.BudgetLedger.StatusMoves(ChangeTracker).Count > 0)
        {
            throw new InvalidOperationException("An order's status change is saved with SaveChangesAsync: it moves the order's budget charges.");
        }
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    /// <summary>
    /// Orders whose status moves their budget charges (placed → cancelled, pending approval → approved or rejected)
    /// save in one transaction with their budgets' period totals (<see cref="Features.Budgets.BudgetLedger.ApplyStatusMovesAsync"/>):
    /// the caller's, or one of their own, retried as a whole on a transient error.
    /// </summary>
    private async Task<int> SaveWithStatusMovesAsync(List<Features.Budgets.BudgetLedger.StatusMove> moves, bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        if (Database.CurrentTransaction is not null)
        {
            await Features.Budgets.BudgetLedger.ApplyStatusMovesAsync(this, moves, cancellationToken);
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        var saved = await Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            var undo = () => { };
            try
            {
                await using var transaction = await this.BeginGuardedAsync(ct);
                undo = await Features.Budgets.BudgetLedger.ApplyStatusMovesAsync(this, moves, ct);
                var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess: false, ct);
                await transaction.CommitAsync(ct);
                return written;
            }
            catch
            {
                undo();
                throw;
            }
        }, cancellationToken);
        if (acceptAllChangesOnSuccess)
        {
            ChangeTracker.AcceptAllChanges();
        }
        return saved;
    }

    /// <summary>Every changed <see cref="Concurrency.IVersioned"/> entity gets the next version (its new ETag).</summary>
    private void BumpVersions()
    {
        foreach (var entry in ChangeTracker.Entries<Concurrency.IVersioned>())
        {
            if (entry.State == EntityState.Modified && !entry.Property(e => e.Version).IsModified)
            {
                entry.Entity.Version = entry.Property(e => e.Version).OriginalValue + 1;
            }
        }
    }

    // Read by the query filters on every query: EF parameterises them per context instance.
    private Guid? TenantCustomerId => _tenant.CustomerId;

    private bool TenantUnrestricted => _tenant.Unrestricted;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        if (Database.IsSqlite())
        {
            // SQLite has no timestamp type; stored as sortable integers, timestamps can be compared and ordered.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter>();
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
        modelBuilder.UseOpenIddict();

        foreach (var entity in modelBuilder.Model.GetEntityTypes().Where(t => typeof(ICustomerScoped).IsAssignableFrom(t.ClrType)))
        {
            entity.SetQueryFilter(TenantFilter(entity.ClrType));
        }
        // Edited resources carry a version: their ETag, and a concurrency token so that two writers racing
        // each other cannot both win (the loser answers 412).
        foreach (var entity in modelBuilder.Model.GetEntityTypes().Where(t => typeof(Concurrency.IVersioned).IsAssignableFrom(t.ClrType)))
        {
            modelBuilder.Entity(entity.ClrType).Property(nameof(Concurrency.IVersioned.Version)).IsConcurrencyToken();
        }
        // API clients: customer clients by their account; supplier clients (no account) only across accounts.
        modelBuilder.Entity<ApiClient>().HasQueryFilter(c => TenantUnrestricted || c.CustomerId == TenantCustomerId);

        if (Database.IsNpgsql())
        {
            // Substring search over the catalog (q=...) uses LIKE '%term%': a trigram index serves it.
            modelBuilder.HasPostgresExtension("pg_trgm");
            modelBuilder.Entity<Product>()
                .HasIndex(p => p.SearchText)
                .HasMethod("gin")
                .HasOperators("gin_trgm_ops");
            // Cold price calculations read every candidate condition of up to 1,000 skus: a covering index
            // answers them from the index alone instead of one heap page per condition.
            modelBuilder.Entity<Features.Pricing.PriceCondition>()
                .HasIndex(c => new { c.Sku, c.Currency })
                .IncludeProperties(c => new
                {
                    c.Id, c.Kind, c.CustomerId, c.CustomerGroup, c.ContractNo, c.Category, c.Price, c.DiscountPercent,
                    c.MinQuantity, c.PriceUnit, c.ValidFrom, c.ValidTo,
                });
            // History filters: lines by sku or cost center hand their order ids to the orders' keyset
            // (hash semi-join) without touching the lines' heap; a customer-reference fragment uses trigrams.
            modelBuilder.Entity<Features.Ordering.OrderLine>().HasIndex(l => new { l.CustomerId, l.Sku, l.OrderCreatedAt }).IncludeProperties(l => l.OrderId);
            modelBuilder.Entity<Features.Ordering.OrderLine>().HasIndex(l => new { l.CustomerId, l.CostCenterId, l.OrderCreatedAt }).IncludeProperties(l => l.OrderId);
            modelBuilder.Entity<Features.Ordering.Order>()
                .HasIndex(o => o.CustomerReference, "ix_orders_customer_reference_trgm")
                .HasMethod("gin")
                .HasOperators("gin_trgm_ops");
            // The order feed's ordering key: the id of the transaction that wrote the event.
            modelBuilder.Entity<Features.Ordering.OrderEvent>()
                .Property(e => e.TxId)
                .HasDefaultValueSql("(pg_current_xact_id()::text)::bigint");
        }
    }

    private LambdaExpression TenantFilter(Type type)
    {
        // e => this.TenantUnrestricted || e.CustomerId == this.TenantCustomerId
        var e = Expression.Parameter(type, "e");
        var self = Expression.Constant(this);
        var unrestricted = Expression.Property(self, nameof(TenantUnrestricted));
        var customerId = Expression.Convert(Expression.Property(e, nameof(ICustomerScoped.CustomerId)), typeof(Guid?));
        var tenantId = Expression.Property(self, nameof(TenantCustomerId));
        return Expression.Lambda(Expression.OrElse(unrestricted, Expression.Equal(customerId, tenantId)), e);
    }
}
