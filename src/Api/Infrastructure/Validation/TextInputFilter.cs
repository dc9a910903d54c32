using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Portal.Api.Infrastructure.Validation;

/// <summary>
/// Checks every string an action receives — query, route and body, down through nested objects and lists —
/// against <see cref="TextInput"/> before the action runs, so that bad text is a 400 problem naming the
/// field (<c>lines[2].sku</c>) instead of a database error.
/// </summary>
public sealed class TextInputFilter : IAsyncActionFilter
{
    private const int MaxDepth = 8;
    private const int MaxErrors = 50;
    private static readonly ConcurrentDictionary<Type, (PropertyInfo Property, string Name)[]> Properties = new();

    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        var errors = new ValidationErrors();
        foreach (var parameter in context.ActionDescriptor.Parameters)
        {
            if (!context.ActionArguments.TryGetValue(parameter.Name, out var value))
            {
                continue;
            }
            // Body fields are named as in the JSON document (lines[0].sku); query and route values by their name.
            var isBody = parameter.BindingInfo?.BindingSource == Microsoft.AspNetCore.Mvc.ModelBinding.BindingSource.Body;
            if (isBody && value is not string)
            {
                WalkMembers(value, string.Empty, errors, 0);
            }
            else
            {
                Walk(value, parameter.Name, TextInput.IsFreeText(parameter.Name), errors, 0);
            }
        }
        errors.ThrowIfAny("A text field holds characters that are not allowed.");
        await next();
    }

    private static void Walk(object? value, string path, bool freeText, ValidationErrors errors, int depth)
    {
        if (value is null || depth > MaxDepth || errors.Count >= MaxErrors)
        {
            return;
        }
        switch (value)
        {
            case string text:
                if (TextInput.Check(text, freeText) is { } message)
                {
                    errors.Add(path, message);
                }
                return;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    var key = entry.Key.ToString() ?? string.Empty;
                    if (TextInput.Check(key, freeText: false) is { } keyMessage)
                    {
                        errors.Add(path, keyMessage);
                    }
                    Walk(entry.Value, $"{path}.{key}", TextInput.IsFreeText(key), errors, depth + 1);
                }
                return;
            case IEnumerable items:
                var index = 0;
                foreach (var item in items)
                {
                    Walk(item, $"{path}[{index++}]", freeText, errors, depth + 1);
                }
                return;
        }
        var type = value.GetType();
        if (type.IsPrimitive || type.IsEnum || type.Namespace?.StartsWith("Portal.", StringComparison.Ordinal) != true)
        {
            return; // numbers, dates, ids, streams, cancellation tokens: nothing textual of ours inside
        }
        WalkMembers(value, path, errors, depth);
    }

    private static void WalkMembers(object? value, string path, ValidationErrors errors, int depth)
    {
        if (value is null)
        {
            return;
        }
        if (value is IEnumerable and not string)
        {
            Walk(value, path, freeText: false, errors, depth);
            return;
        }
        var type = value.GetType();
        if (type.IsPrimitive || type.IsEnum || type.Namespace?.StartsWith("Portal.", StringComparison.Ordinal) != true)
        {
            return;
        }
        foreach (var (property, name) in Properties.GetOrAdd(type, Describe))
        {
            Walk(property.GetValue(value), path.Length == 0 ? name : $"{path}.{name}", TextInput.IsFreeText(name), errors, depth + 1);
        }
    }

    private static (PropertyInfo, string)[] Describe(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            // Only what can hold text: strings and reference types (lists, nested objects); numbers, ids and
            // dates are skipped without reading (no boxing on the hot price-calculation path).
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && !p.PropertyType.IsValueType)
            .Select(p => (p, p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(p.Name)))
            .ToArray();
}
