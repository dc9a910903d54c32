using System.Reflection;
using System.Xml.Linq;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace Portal.Api.Infrastructure.Problems;

/// <summary>
/// Gives every documented error answer of an action its problem response type, so that controllers do not
/// repeat <c>[ProducesResponseType&lt;ProblemDetails&gt;(..., "application/problem+json")]</c> per status.
/// The action's XML documentation is the one declaration: each <c>&lt;response code="4xx|5xx"&gt;</c> becomes
/// an application/problem+json response, <see cref="ValidationProblemDetails"/> for 400 and
/// <see cref="ProblemDetails"/> otherwise, in the order documented. A status the action declares itself
/// (e.g. a 400 with <c>ImportProblemDetails</c>) is left as declared.
/// </summary>
public sealed class ProblemResponsesConvention(IReadOnlyDictionary<string, IReadOnlyList<int>> documented) : IApplicationModelConvention
{
    public const string ProblemJson = "application/problem+json";

    /// <summary>The convention over the XML documentation beside <paramref name="assembly"/> (none when it is missing).</summary>
    public static ProblemResponsesConvention For(Assembly assembly)
    {
        var path = Path.Combine(AppContext.BaseDirectory, $"{assembly.GetName().Name}.xml");
        return new ProblemResponsesConvention(File.Exists(path) ? ReadResponseCodes(XDocument.Load(path)) : new Dictionary<string, IReadOnlyList<int>>());
    }

    /// <summary>The documented response codes per member id (<c>M:Namespace.Type.Method(...)</c> without the parameter list).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<int>> ReadResponseCodes(XDocument xml)
    {
        var codes = new Dictionary<string, IReadOnlyList<int>>(StringComparer.Ordinal);
        foreach (var member in xml.Descendants("member"))
        {
            var name = (string?)member.Attribute("name");
            if (name is null || !name.StartsWith("M:", StringComparison.Ordinal))
            {
                continue;
            }
            var responses = member.Elements("response")
                .Select(r => int.TryParse((string?)r.Attribute("code"), out var code) ? code : 0)
                .Where(code => code > 0)
                .ToList();
            if (responses.Count > 0)
            {
                var paren = name.IndexOf('(', StringComparison.Ordinal);
                codes[paren < 0 ? name : name[..paren]] = responses;
            }
        }
        return codes;
    }

    public void Apply(ApplicationModel application)
    {
        foreach (var action in application.Controllers.SelectMany(c => c.Actions))
        {
            var method = action.ActionMethod;
            if (!documented.TryGetValue($"M:{method.DeclaringType!.FullName}.{method.Name}", out var codes))
            {
                continue;
            }
            var declared = action.Filters.OfType<IApiResponseMetadataProvider>().Select(p => p.StatusCode).ToHashSet();
            foreach (var code in codes.Where(c => c >= 400 && !declared.Contains(c)))
            {
                var type = code == StatusCodes.Status400BadRequest ? typeof(ValidationProblemDetails) : typeof(ProblemDetails);
                action.Filters.Add(new ProducesResponseTypeAttribute(type, code, ProblemJson));
            }
        }
    }
}
