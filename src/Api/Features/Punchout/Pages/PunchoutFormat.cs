using Portal.Punchout.Money;

namespace Portal.Api.Features.Punchout.Pages;

/// <summary>How the punchout pages write amounts and quantities, and their one inline style sheet.</summary>
public static class PunchoutFormat
{
    /// <summary>An amount in the currency's minor units, e.g. <c>1,491.96 EUR</c>.</summary>
    public static string Money(decimal amount, string currency)
    {
        var digits = CurrencyAmounts.MinorUnits(currency);
        var format = digits == 0 ? "#,##0" : "#,##0." + new string('0', digits);
        return $"{CurrencyAmounts.Round(amount, currency).ToString(format, CultureInfo.InvariantCulture)} {currency}";
    }

    /// <summary>A unit price as the buyer system gets it: minor units, per a price unit for very cheap items (<c>0.35 EUR / 100 EA</c>).</summary>
    public static string UnitMoney(decimal unitPrice, string currency, string unit)
    {
        var amount = CurrencyAmounts.Unit(unitPrice, currency);
        return amount.PriceUnit == 1 ? Money(amount.Price, currency) : $"{Money(amount.Price, currency)} / {Qty(amount.PriceUnit)} {unit}";
    }

    public static string Qty(decimal quantity) => quantity.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>The quantity field's keypad: whole numbers for a product sold in counted units, decimals otherwise.</summary>
    public static string QuantityInputMode(string? unit) => Pricing.Quantities.IsCounted(unit) ? "numeric" : "decimal";

    public static string Percent(decimal percent) => percent.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>
    /// One small inline style sheet (no external requests): landmarks, labels and visible focus for keyboard and
    /// screen reader users, and a layout that reflows from a laptop to a tablet.
    /// </summary>
    public const string Style = """
        :root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--accent:#0b5cad;--ok:#116329;--bg:#fff;--soft:#f6f8fa}
        *{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
        a{color:var(--accent)}a:focus,button:focus,input:focus,select:focus{outline:3px solid #f5a623;outline-offset:2px}
        .skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px 8px}
        header{display:flex;flex-wrap:wrap;gap:12px;align-items:center;justify-content:space-between;padding:12px 20px;border-bottom:1px solid var(--line);background:var(--soft)}
        header .who{color:var(--muted);font-size:14px}main{padding:16px 20px;max-width:1200px;margin:0 auto}
        form.search{display:flex;gap:8px;flex:1 1 320px;max-width:560px}form.search input{flex:1;min-width:0}
        input,select,button{font:inherit;padding:8px 10px;border:1px solid var(--line);border-radius:6px;min-height:44px}
        button{background:var(--accent);color:#fff;border-color:var(--accent);cursor:pointer}button.secondary{background:#fff;color:var(--accent)}
        nav.categories ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:8px}nav.categories a{display:inline-block;padding:6px 10px;border:1px solid var(--line);border-radius:16px;text-decoration:none}
        nav.categories a[aria-current]{background:var(--accent);color:#fff}
        .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:16px;padding:0;list-style:none}
        .card{border:1px solid var(--line);border-radius:8px;padding:12px;display:flex;flex-direction:column;gap:6px}
        .card h2{font-size:17px;margin:0}.sku{color:var(--muted);font-size:13px}
        .price{font-size:20px;font-weight:600}.list{color:var(--muted);text-decoration:line-through;font-size:14px}.saving{color:var(--ok);font-size:14px}
        .add{display:flex;gap:8px;margin-top:auto}.add input{width:90px}
        table{width:100%;border-collapse:collapse}th,td{text-align:left;padding:8px;border-bottom:1px solid var(--line);vertical-align:top}td.num,th.num{text-align:right}
        .notice{padding:10px 14px;border-radius:6px;background:#ddf4ff;border:1px solid #54aeff;margin:12px 0}.error{background:#ffebe9;border-color:#ff8182}
        .actions{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
        @media (max-width:700px){header{padding:10px}main{padding:12px}th.hide,td.hide{display:none}}
        """;
}
