using Portal.Api.Features.Accounts;
using Portal.Api.Features.Catalog;

namespace Portal.Api.Hosting.Demo;

/// <summary>
/// The demo data set for the embedded mode (and <c>Portal:SeedDemoData=true</c>): a catalog of 240
/// products in eight categories with valid GTINs of all four lengths, and three customer accounts. It is
/// generated deterministically, so the same SKUs and GTINs exist on every machine (the README and the
/// samples refer to them).
/// </summary>
public sealed class DemoDataSeeder(
    PortalDbContext db, BootstrapClientProvisioner clients, DatabaseMode mode, DemoClientSecrets issued, TimeProvider clock, ILogger<DemoDataSeeder> logger)
{
    public const int ProductsPerCategory = 30;

    private sealed record CategorySpec(
        string Code, string SkuPrefix, string Unspsc, string Unit, string[] Manufacturers, string[] Nouns, string[] Variants, bool Regulated);

    private static readonly CategorySpec[] Categories =
    [
        new("fasteners", "FAS", "31161500", "BX", ["Würth", "Fischer", "Böllhoff", "Heco"],
            ["Hex bolt", "Wood screw", "Machine screw", "Wall plug", "Washer", "Hex nut"],
            ["M4x20", "M5x30", "M6x40", "M8x50", "M10x60"], false),
        new("tools", "TOL", "27112000", "EA", ["Knipex", "Wera", "Bosch Professional", "Makita", "Stahlwille"],
            ["Combination pliers", "Screwdriver set", "Torque wrench", "Cordless drill", "Side cutter", "Socket set"],
            ["small", "standard", "heavy duty", "insulated 1000 V", "pro"], false),
        new("safety", "SAF", "46181500", "PR", ["3M", "Uvex", "Ansell", "Honeywell", "Dräger"],
            ["Safety gloves", "Safety goggles", "Ear defenders", "Respirator FFP2", "Hard hat", "Safety boots S3"],
            ["size 8", "size 9", "size 10", "one size", "EN 388"], true),
        new("office", "OFF", "44121700", "PK", ["Leitz", "Pelikan", "Stabilo", "Herlitz", "Tesa"],
            ["Ballpoint pen", "Lever arch file", "Copy paper A4", "Sticky notes", "Highlighter", "Stapler"],
            ["blue", "black", "assorted", "80 g/m²", "recycled"], false),
        new("cleaning", "CLN", "47131800", "LTR", ["Kärcher", "Tork", "Ecolab", "Dr. Schnell"],
            ["All-purpose cleaner", "Disinfectant", "Glass cleaner", "Floor cleaner", "Hand soap", "Degreaser"],
            ["1 l", "5 l", "10 l", "concentrate", "fragrance-free"], true),
        new("electrical", "ELE", "39121000", "EA", ["Phoenix Contact", "WAGO", "Siemens", "ABB", "Hager"],
            ["Terminal block", "Circuit breaker", "Cable tie", "Junction box", "LED panel", "Extension lead"],
            ["2.5 mm²", "B16", "IP65", "600x600", "5 m"], false),
        new("packaging", "PKG", "24112400", "RO", ["Tesa", "Smurfit Kappa", "Raja", "Storopack"],
            ["Packing tape", "Stretch film", "Bubble wrap", "Shipping carton", "Void fill", "Edge protector"],
            ["50 mm", "500 mm", "1000 mm", "single wall", "double wall"], false),
        new("lab", "LAB", "41121800", "BX", ["Eppendorf", "Sartorius", "Brand", "Carl Roth", "VWR"],
            ["Pipette tips", "Centrifuge tubes", "Nitrile gloves", "Petri dishes", "Beaker", "Sample vials"],
            ["10 µl", "200 µl", "1000 µl", "15 ml", "50 ml"], true),
    ];

    /// <summary>
    /// Demo API clients of the first account (Acme), acting as its administrator and as a requester. The
    /// secrets here are published in the README, so only the embedded mode uses them; demo data seeded on
    /// PostgreSQL gets random secrets, written once to the log.
    /// </summary>
    public static readonly (string ClientId, string Secret, string UserEmail)[] DemoCustomerClients =
    [
        ("acme-admin", "acme-admin-secret", "admin@acme.example"),
        ("acme-buyer", "acme-buyer-secret", "buyer@acme.example"),
    ];

    /// <summary>Acme's demo punchout credentials (NetworkID), used by the buyer simulator sample.</summary>
    public static class DemoPunchout
    {
        public const string Identity = "AN-DEMO-ACME";
        public const string SharedSecret = "acme-punchout-demo-secret";
        public static readonly string[] ReturnUrls = ["http://127.0.0.1:5199/", "http://localhost:5199/"];
        /// <summary>SAP OCI: USERNAME and PASSWORD (embedded mode only), hook URLs and the user OCI sessions shop as.</summary>
        public const string OciUsername = "SAP-DEMO-ACME";
        public const string OciPassword = "acme-oci-demo-secret";
        public const string DefaultBuyerEmail = "buyer@acme.example";
    }

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (await db.Products.AnyAsync(cancellationToken) || await db.Customers.AnyAsync(cancellationToken))
        {
            return;
        }
        var now = clock.GetUtcNow();
        db.Products.AddRange(Products(now));
        var customers = Customers(now).ToList();
        db.Customers.AddRange(customers);
        var users = new List<User>();
        foreach (var customer in customers)
        {
            users.AddRange(Organisation(customer, now));
        }
        db.PriceConditions.AddRange(PriceConditions(customers, now));
        await db.SaveChangesAsync(cancellationToken);

        foreach (var (clientId, published, email) in DemoCustomerClients)
        {
            var user = users.Single(u => u.Email == email);
            var secret = mode.IsEmbedded ? published : RandomSecret();
            await clients.EnsureClientAsync(clientId, secret, $"Demo client ({email})", [], user.CustomerId, user.Id, cancellationToken);
            issued.Set(clientId, secret);
            if (!mode.IsEmbedded)
            {
                // Shown once, at the only moment it exists in clear; rotate it through the API before real use.
                logger.LogWarning("Demo data on a real database: client {ClientId} ({Email}) has the random secret {Secret}. It is not shown again.", clientId, email, secret);
            }
        }
        // cXML punchout for Acme, ready for samples/PunchoutBuyerSimulator (README: "Try punchout locally").
        // The published shared secret only in embedded mode, like the API clients' secrets.
        var punchoutSecret = mode.IsEmbedded ? DemoPunchout.SharedSecret : RandomSecret();
        issued.Set(DemoPunchout.Identity, punchoutSecret);
        if (!mode.IsEmbedded)
        {
            logger.LogWarning("Demo data on a real database: punchout identity {Identity} (and OCI user {OciUser}) has the random shared secret {Secret}. It is not shown again.", DemoPunchout.Identity, DemoPunchout.OciUsername, punchoutSecret);
        }
        db.PunchoutAccounts.Add(new Features.Punchout.PunchoutAccount
        {
            CustomerId = customers[0].Id,
            SharedSecretHash = Portal.Punchout.Security.SharedSecretHasher.Hash(punchoutSecret),
            AllowedReturnUrls = [.. DemoPunchout.ReturnUrls],
            AutoCreateUsers = true,
            Credentials = [new Features.Punchout.PunchoutCredential { CustomerId = customers[0].Id, Domain = "networkid", Identity = DemoPunchout.Identity.ToLowerInvariant() }],
            // SAP OCI beside cXML (the same random secret as the shared secret on a real database).
            OciUsername = DemoPunchout.OciUsername.ToLowerInvariant(),
            OciPasswordHash = Portal.Punchout.Security.SharedSecretHasher.Hash(mode.IsEmbedded ? DemoPunchout.OciPassword : punchoutSecret),
            OciAllowedHookUrls = [.. DemoPunchout.ReturnUrls],
            DefaultBuyerEmail = DemoPunchout.DefaultBuyerEmail,
            UpdatedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Seeded the demo data set: {Products} products, {Customers} customer accounts with org trees and users.",
            Categories.Length * ProductsPerCategory, customers.Count);
    }

    private static string RandomSecret() =>
        Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>
    /// Demo prices: a list price in EUR and GBP for every product, quantity tiers on fasteners, a 5 %
    /// discount for the industry group (8 % on tools), and Acme's own customer and contract prices.
    /// </summary>
    internal static IEnumerable<Features.Pricing.PriceCondition> PriceConditions(IReadOnlyList<Customer> customers, DateTimeOffset now)
    {
        var random = new Random(4711);
        var acme = customers[0];
        foreach (var product in Products(now))
        {
            var list = Math.Round((decimal)(random.NextDouble() * 190 + 2), 2);
            yield return new Features.Pricing.PriceCondition { Id = $"LIST-{product.Sku}-EUR", Kind = Features.Pricing.ConditionKinds.List, Sku = product.Sku, Currency = "EUR", Price = list, UpdatedAt = now };
            yield return new Features.Pricing.PriceCondition { Id = $"LIST-{product.Sku}-GBP", Kind = Features.Pricing.ConditionKinds.List, Sku = product.Sku, Currency = "GBP", Price = Math.Round(list * 0.86m, 2), UpdatedAt = now };
            if (product.Category == "fasteners")
            {
                yield return new Features.Pricing.PriceCondition { Id = $"TIER-{product.Sku}-EUR-10", Kind = Features.Pricing.ConditionKinds.Tier, Sku = product.Sku, Currency = "EUR", MinQuantity = 10, Price = Math.Round(list * 0.95m, 2), UpdatedAt = now };
                yield return new Features.Pricing.PriceCondition { Id = $"TIER-{product.Sku}-EUR-100", Kind = Features.Pricing.ConditionKinds.Tier, Sku = product.Sku, Currency = "EUR", MinQuantity = 100, Price = Math.Round(list * 0.88m, 2), UpdatedAt = now };
            }
            if (product.Sku.EndsWith('1') && product.Category is "tools" or "office")
            {
                yield return new Features.Pricing.PriceCondition { Id = $"CUST-{acme.Number}-{product.Sku}", Kind = Features.Pricing.ConditionKinds.Customer, Sku = product.Sku, CustomerId = acme.Id, Currency = "EUR", Price = Math.Round(list * 0.8m, 2), UpdatedAt = now };
            }
            if (product.Category == "packaging")
            {
                yield return new Features.Pricing.PriceCondition { Id = $"CONTRACT-FA-2026-{product.Sku}", Kind = Features.Pricing.ConditionKinds.Contract, Sku = product.Sku, CustomerId = acme.Id, ContractNo = "FA-2026-001", MinQuantity = 50, Currency = "EUR", Price = Math.Round(list * 0.75m, 2), UpdatedAt = now };
            }
        }
        yield return new Features.Pricing.PriceCondition { Id = "GROUP-industry-EUR", Kind = Features.Pricing.ConditionKinds.Group, CustomerGroup = "industry", Currency = "EUR", DiscountPercent = 5, UpdatedAt = now };
        yield return new Features.Pricing.PriceCondition { Id = "GROUP-industry-EUR-tools", Kind = Features.Pricing.ConditionKinds.Group, CustomerGroup = "industry", Category = "tools", Currency = "EUR", DiscountPercent = 8, UpdatedAt = now };
    }

    /// <summary>
    /// A small organisation per account: the company, two divisions with two departments each, a cost
    /// center per department, addresses, and one user per role (administrator and read-only at the top,
    /// an approver for a division, a requester in a department).
    /// </summary>
    private List<User> Organisation(Customer customer, DateTimeOffset now)
    {
        var domain = customer.Name.Split(' ')[0].ToLowerInvariant() + ".example";
        var root = Unit(customer, null, customer.Name, null, now);
        var units = new List<OrgUnit> { root };
        var costCenters = new List<CostCenter>();
        var number = 1000;
        foreach (var division in new[] { "Operations", "Administration" })
        {
            var divisionUnit = Unit(customer, root, division, division[..3].ToUpperInvariant(), now);
            units.Add(divisionUnit);
            foreach (var department in division == "Operations" ? new[] { "Maintenance", "Production" } : ["Finance", "IT"])
            {
                var departmentUnit = Unit(customer, divisionUnit, department, null, now);
                units.Add(departmentUnit);
                number += 10;
                var costCenter = new CostCenter { CustomerId = customer.Id, OrgUnitId = departmentUnit.Id, Code = $"CC-{number}", Name = department, CreatedAt = now };
                departmentUnit.DefaultCostCenterId = costCenter.Id;
                costCenters.Add(costCenter);
            }
        }
        db.OrgUnits.AddRange(units);
        db.CostCenters.AddRange(costCenters);
        db.Addresses.Add(DemoAddress(customer, "billing", customer.Name, "Accounts payable", null, now, 0));
        db.Addresses.Add(DemoAddress(customer, "delivery", customer.Name, "Goods receipt, gate 2", units[1].Id, now, 1));

        var maintenance = units.Single(u => u.Name == "Maintenance");
        User NewUser(string local, string name, OrgUnit home, params (string Role, OrgUnit At)[] roles)
        {
            var user = new User { CustomerId = customer.Id, Email = $"{local}@{domain}", Name = name, OrgUnitId = home.Id, CreatedAt = now, UpdatedAt = now };
            user.Roles = roles.Select(r => new RoleAssignment { CustomerId = customer.Id, UserId = user.Id, Role = r.Role, OrgUnitId = r.At.Id }).ToList();
            return user;
        }
        var admin = NewUser("admin", "Alex Admin", root, (Roles.Administrator, root));
        var approver = NewUser("approver", "Andrea Approver", units[1], (Roles.Approver, units[1]));
        var buyer = NewUser("buyer", "Robin Requester", maintenance, (Roles.Requester, maintenance));
        var viewer = NewUser("viewer", "Vic Viewer", root, (Roles.ReadOnly, root));
        approver.DeputyUserId = admin.Id;
        List<User> users = [admin, approver, buyer, viewer];
        db.Users.AddRange(users);
        return users;
    }

    private static OrgUnit Unit(Customer customer, OrgUnit? parent, string name, string? code, DateTimeOffset now)
    {
        var unit = new OrgUnit { CustomerId = customer.Id, Name = name, Code = code, CreatedAt = now };
        unit.PlaceUnder(parent);
        return unit;
    }

    private static Address DemoAddress(Customer customer, string kind, string name, string department, Guid? orgUnitId, DateTimeOffset now, int n)
    {
        var address = new Address
        {
            CustomerId = customer.Id, Kind = kind, Name = name, Department = department, Street = $"Industriestraße {12 + n}",
            PostalCode = "70173", City = "Stuttgart", Country = customer.Currency == "GBP" ? "GB" : "DE", OrgUnitId = orgUnitId,
            IsDefault = true, CreatedAt = now,
        };
        address.SortKey = $"{kind}|{now.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}|{address.Id:N}";
        return address;
    }

    internal static IEnumerable<Customer> Customers(DateTimeOffset now) =>
    [
        new() { Number = "C-10001", Name = "Acme Manufacturing GmbH", CustomerGroup = "industry", Currency = "EUR", CreatedAt = now },
        new() { Number = "C-10002", Name = "Nordwind Kliniken AG", CustomerGroup = "healthcare", Currency = "EUR", CreatedAt = now },
        new() { Number = "C-10003", Name = "Bluebird Logistics Ltd", CustomerGroup = "logistics", Currency = "GBP", CreatedAt = now },
    ];

    internal static IEnumerable<Product> Products(DateTimeOffset now)
    {
        var random = new Random(20261130);
        var serial = 0;
        foreach (var category in Categories)
        {
            for (var i = 1; i <= ProductsPerCategory; i++)
            {
                serial++;
                var noun = category.Nouns[(i - 1) % category.Nouns.Length];
                var variant = category.Variants[(i - 1) / category.Nouns.Length % category.Variants.Length];
                var manufacturer = category.Manufacturers[(i - 1) % category.Manufacturers.Length];
                var sku = $"{category.SkuPrefix}-{1000 + i}";
                var product = new Product
                {
                    Sku = sku,
                    Name = $"{noun} {variant}",
                    Description = $"{noun} ({variant}) by {manufacturer}. Sold per {UnitName(category.Unit)}.",
                    Category = category.Code,
                    Gtin = DemoGtin(serial),
                    Unit = category.Unit,
                    Unspsc = category.Unspsc,
                    Manufacturer = manufacturer,
                    ManufacturerPartNumber = $"{manufacturer[..Math.Min(3, manufacturer.Length)].ToUpperInvariant()}-{random.Next(10000, 99999)}",
                    PackSize = category.Unit is "BX" or "PK" ? new[] { 10m, 50m, 100m, 200m }[i % 4] : 1m,
                    StockQuantity = i % 7 == 0 ? 0 : random.Next(1, 2500),
                    LeadTimeDays = i % 7 == 0 ? 10 + i % 5 : random.Next(1, 4),
                    Regulated = category.Regulated && i % 3 == 0,
                    Attachments = i % 2 == 0
                        ?
                        [
                            new ProductAttachment { Kind = "datasheet", Title = $"{noun} datasheet", Url = $"https://docs.example.com/datasheets/{sku}.pdf" },
                        ]
                        : [],
                    CreatedAt = now,
                    UpdatedAt = now,
                };
                if (product.Regulated)
                {
                    product.RestrictedGroups = CustomerGroups.Store([CustomerGroups.Regulated]);
                    product.Attachments.Add(new ProductAttachment { Kind = "certificate", Title = "Declaration of conformity", Url = $"https://docs.example.com/certificates/{sku}.pdf" });
                }
                product.RefreshSearchText();
                yield return product;
            }
        }
    }

    /// <summary>
    /// A GTIN for demo product <paramref name="serial"/>: mostly GTIN-13 (prefix 40 = Germany), with GTIN-12,
    /// GTIN-8 and GTIN-14 mixed in so every lookup length has examples; stored as 14 digits.
    /// </summary>
    internal static string DemoGtin(int serial)
    {
        var s = serial.ToString("D5", CultureInfo.InvariantCulture);
        var code = (serial % 10) switch
        {
            3 => Gtin.WithCheckDigit("61200" + s + "2"),   // GTIN-12 (UPC-A)
            7 => Gtin.WithCheckDigit("96" + s),            // GTIN-8
            9 => Gtin.WithCheckDigit("1406123" + s + "1"), // GTIN-14 (outer case, indicator 1)
            _ => Gtin.WithCheckDigit("406123" + s + "0"),  // GTIN-13
        };
        return code.PadLeft(14, '0');
    }

    private static string UnitName(string unit) => unit switch
    {
        "BX" => "box",
        "PK" => "pack",
        "PR" => "pair",
        "LTR" => "litre",
        "RO" => "roll",
        _ => "piece",
    };
}

/// <summary>
/// The demo secrets this process issued when it seeded (the published ones in embedded mode, random ones
/// on PostgreSQL). Held in memory only, so that tests and the start-up log can hand them to their user.
/// </summary>
public sealed class DemoClientSecrets
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _secrets = new(StringComparer.Ordinal);

    internal void Set(string id, string secret) => _secrets[id] = secret;

    /// <summary>The secret issued for a demo client id (or the punchout identity); null when this process did not seed.</summary>
    public string? Get(string id) => _secrets.TryGetValue(id, out var secret) ? secret : null;
}
