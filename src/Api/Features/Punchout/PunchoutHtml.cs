using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace Portal.Api.Features.Punchout;

/// <summary>
/// Server-rendered pages of the punchout catalog: plain HTML forms that work without JavaScript, one small
/// inline style sheet (no external requests), landmarks, labels and visible focus for keyboard and screen
/// reader users, and a layout that reflows from a laptop to a tablet.
/// </summary>
public static class PunchoutHtml
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;

    public static string E(string? text) => Encoder.Encode(text ?? string.Empty);

    public static string Money(decimal amount, string currency) =>
        $"{amount.ToString("#,##0.00##", CultureInfo.InvariantCulture)} {currency}";

    public static string Qty(decimal quantity) => quantity.ToString("0.###", CultureInfo.InvariantCulture);

    private const string Style = """
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

    /// <summary>A whole page: header with search, cart link and return button, then the content.</summary>
    public static string Page(string title, PageFrame frame, string body, string nonce)
    {
        var html = new StringBuilder(8192);
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><link rel=\"icon\" href=\"data:,\">");
        html.Append("<title>").Append(E(title)).Append(" · Portal punchout</title><style nonce=\"").Append(nonce).Append("\">").Append(Style).Append("</style></head><body>");
        html.Append("<a class=\"skip\" href=\"#main\">Skip to content</a>");
        if (frame.Session is not null)
        {
            html.Append("<header><a href=\"/punchout/session/catalog\"><strong>Catalog</strong></a>");
            html.Append("<form class=\"search\" role=\"search\" method=\"get\" action=\"/punchout/session/catalog\"><label class=\"skip\" for=\"q\">Search products</label>");
            html.Append("<input id=\"q\" name=\"q\" type=\"search\" placeholder=\"Search by name, article or part number\" value=\"").Append(E(frame.Query)).Append("\">");
            html.Append("<button type=\"submit\">Search</button></form>");
            html.Append("<span class=\"who\">").Append(E(frame.UserName)).Append(" · ").Append(E(frame.AccountName)).Append("</span>");
            html.Append("<a href=\"/punchout/session/cart\">Cart (").Append(frame.Session.Lines.Count).Append(")</a></header>");
        }
        html.Append("<main id=\"main\">");
        if (frame.Notice is not null)
        {
            html.Append("<p class=\"notice\" role=\"status\">").Append(E(frame.Notice)).Append("</p>");
        }
        html.Append(body).Append("</main></body></html>");
        return html.ToString();
    }

    /// <summary>The form fields every POST of the session carries.</summary>
    public static string FormToken(PunchoutSession session) =>
        $"<input type=\"hidden\" name=\"formToken\" value=\"{E(session.FormToken)}\">";

    public static string AddForm(PunchoutSession session, string sku, string label)
    {
        if (session.Operation == "inspect")
        {
            return string.Empty;
        }
        var id = "qty-" + E(sku);
        return $"<form class=\"add\" method=\"post\" action=\"/punchout/session/cart/lines\">{FormToken(session)}<input type=\"hidden\" name=\"sku\" value=\"{E(sku)}\">"
            + $"<label class=\"skip\" for=\"{id}\">Quantity of {E(label)}</label><input id=\"{id}\" name=\"quantity\" inputmode=\"decimal\" value=\"1\" required>"
            + $"<button type=\"submit\">Add to cart</button></form>";
    }

    public static string PriceBlock(Pricing.ResolvedPrice? price, Pricing.PriceError? error, string currency)
    {
        if (price is null)
        {
            return $"<p class=\"sku\">{E(error?.Message ?? "No price for your account.")}</p>";
        }
        var html = new StringBuilder();
        html.Append("<div><span class=\"price\">").Append(E(Money(price.UnitPrice, currency))).Append("</span>");
        if (price.Saving > 0)
        {
            html.Append(" <span class=\"list\" aria-label=\"List price\">").Append(E(Money(price.ListPrice, currency))).Append("</span>");
            html.Append("<div class=\"saving\">You save ").Append(E(Money(price.Saving, currency))).Append(" (")
                .Append(price.SavingPercent.ToString("0.#", CultureInfo.InvariantCulture)).Append("%)</div>");
        }
        else
        {
            html.Append("<div class=\"sku\">List price</div>");
        }
        return html.Append("</div>").ToString();
    }
}

/// <summary>What the page header shows.</summary>
public sealed record PageFrame(PunchoutSession? Session, string? AccountName, string? UserName, string? Query = null, string? Notice = null);
