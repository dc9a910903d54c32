using Portal.Api.Features.Ordering;
using Portal.Punchout.Cxml;

namespace Portal.Api.Features.Punchout;

/// <summary>
/// Who ordered, as buyer systems say it: the extrinsics they commonly send (<c>UserEmail</c>, <c>UniqueName</c>,
/// <c>User</c>, <c>FirstName</c>/<c>LastName</c>, <c>PhoneNumber</c>, <c>CostCenter</c>, header or line) and the
/// Contacts (endUser first). Names are case-insensitive; empty values count as absent.
/// </summary>
public static class CxmlOrderBuyer
{
    /// <summary>The first non-empty value among the extrinsics named <paramref name="names"/>.</summary>
    public static string? Extrinsic(IEnumerable<CxmlExtrinsic>? extrinsics, params string[] names) =>
        extrinsics?.Where(e => names.Any(n => string.Equals(e.Name.Trim(), n, StringComparison.OrdinalIgnoreCase)))
            .Select(e => e.Value.Trim()).FirstOrDefault(v => v.Length > 0);

    /// <summary>E-mail candidates for the requester, best first (the account's default buyer is added by the caller).</summary>
    public static IEnumerable<string?> EmailCandidates(CxmlOrderRequestHeader header) =>
        OrderedContacts(header).Select(c => c.Email)
            .Concat(header.Extrinsics.Where(e => e.Name.Trim().ToLowerInvariant() is "useremail" or "email" or "uniquename" or "user" or "requesteremail").Select(e => e.Value));

    /// <summary>The buyer's name: FirstName + LastName extrinsics, else the endUser (or first) Contact's name; null when neither is sent.</summary>
    public static string? Name(CxmlOrderRequestHeader header)
    {
        var name = string.Join(' ', new[] { Extrinsic(header.Extrinsics, "FirstName"), Extrinsic(header.Extrinsics, "LastName") }.OfType<string>());
        if (name.Length == 0)
        {
            name = OrderedContacts(header).Select(c => c.Name?.Trim()).FirstOrDefault(n => !string.IsNullOrEmpty(n) && !n.Contains('@')) ?? string.Empty;
        }
        return name.Length == 0 ? null : name;
    }

    /// <summary>The buyer's phone: the PhoneNumber extrinsic, else a Contact's Phone.</summary>
    public static string? Phone(CxmlOrderRequestHeader header) =>
        Extrinsic(header.Extrinsics, "PhoneNumber", "Phone", "Telephone") ?? OrderedContacts(header).Select(c => c.Phone).FirstOrDefault(p => !string.IsNullOrWhiteSpace(p));

    /// <summary>The cost center code of a line: its ItemDetail extrinsic, else the header's.</summary>
    public static string? CostCenter(IEnumerable<CxmlExtrinsic>? extrinsics) => Extrinsic(extrinsics, "CostCenter", "Cost Center", "CostCentre", "Kostenstelle");

    /// <summary>"Attn. name, phone" for an address that names no recipient (no DeliverTo line); null when there is nothing to add.</summary>
    public static string? Attention(CxmlOrderRequestHeader header)
    {
        var parts = new[] { Name(header), Phone(header) }.OfType<string>().ToList();
        return parts.Count == 0 ? null : "Attn. " + string.Join(", ", parts);
    }

    /// <summary>The order note: the buyer's comments, then who ordered (name, e-mail, phone) when the document says so.</summary>
    /// <param name="header">The order header.</param>
    /// <param name="buyer">Whether to name the buyer (when the order's requester does not already say who it is).</param>
    public static string? Note(CxmlOrderRequestHeader header, bool buyer)
    {
        var email = OrderedContacts(header).Select(c => c.Email?.Trim()).FirstOrDefault(e => !string.IsNullOrEmpty(e))
            ?? Extrinsic(header.Extrinsics, "UserEmail", "Email");
        var who = new[] { Name(header), email, Phone(header) }.OfType<string>().Distinct().ToList();
        var line = !buyer || Name(header) is null ? null : "Buyer: " + string.Join(", ", who);
        var note = string.Join("\n", new[] { header.Comments?.Trim(), line }.Where(s => !string.IsNullOrEmpty(s)));
        return Text.Clip(note, 1000);
    }

    /// <summary>The ship-to with the buyer as "Attn." when the address names no recipient.</summary>
    public static OrderAddress? WithAttention(OrderAddress? address, CxmlAddress? shipTo, CxmlOrderRequestHeader header)
    {
        if (address is not null && shipTo is { DeliverTo.Count: 0 } && Attention(header) is { } attention)
        {
            address.Department = Text.Clip(address.Department is null ? attention : $"{address.Department}, {attention}", 200);
        }
        return address;
    }

    private static IEnumerable<CxmlContact> OrderedContacts(CxmlOrderRequestHeader header) =>
        header.Contacts.OrderBy(c => c.Role?.Trim().ToLowerInvariant() switch { "enduser" => 0, "requester" => 1, "buyer" => 2, _ => 3 });

    /// <summary>A ShipTo as the order's delivery address (every DeliverTo line kept in the department line), or null when it is not a full address.</summary>
    public static OrderAddress? MapAddress(CxmlAddress? address)
    {
        if (address is null || address.Street.Count == 0 || string.IsNullOrWhiteSpace(address.City) || string.IsNullOrWhiteSpace(address.CountryCode))
        {
            return null;
        }
        return new OrderAddress
        {
            Name = Text.Clip(address.Name, 200) ?? Text.Clip(address.DeliverTo.FirstOrDefault(), 200) ?? "-",
            // Every DeliverTo line (building, floor, person), not only the first.
            Department = Text.Clip(string.Join(", ", address.DeliverTo.Skip(address.Name is null ? 1 : 0).Select(d => d.Trim()).Where(d => d.Length > 0)) is { Length: > 0 } deliverTo ? deliverTo : null, 200),
            Street = Text.Clip(address.Street[0], 200)!,
            Street2 = Text.Clip(address.Street.Skip(1).FirstOrDefault(), 200),
            PostalCode = Text.Clip(address.PostalCode, 20) ?? string.Empty,
            City = Text.Clip(address.City, 100)!,
            Region = Text.Clip(address.State, 100),
            Country = address.CountryCode.Trim().ToUpperInvariant()[..Math.Min(2, address.CountryCode.Trim().Length)],
        };
    }

    /// <summary>Whether an accounting name or description says "cost center" (Kostenstelle).</summary>
    public static bool IsCostCenter(string? text) =>
        text is not null && (text.Contains("cost", StringComparison.OrdinalIgnoreCase) || text.Contains("kost", StringComparison.OrdinalIgnoreCase));

    /// <summary>A business rule's refusal with the lines it names, as a Status message.</summary>
    public static string Describe(BusinessRuleException ex)
    {
        if (ex.Extensions.TryGetValue("lines", out var value) && value is System.Collections.IEnumerable list)
        {
            var details = list.Cast<object>().Take(20).Select(l => l.ToString());
            return ex.Message + " " + string.Join("; ", details);
        }
        return ex.Message;
    }
}
