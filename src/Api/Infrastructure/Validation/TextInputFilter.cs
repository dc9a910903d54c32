using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc.Abstractions;
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
    private static readonly ConcurrentDictionary<Type, (PropertyInfo Property, string Name, bool Scanned)[]> Properties = new();
    // Whether an action parameter is [ScannedText]: looked up once per parameter, not by reflection on every request.
    private static readonly ConcurrentDictionary<ParameterDescriptor, bool> ScannedParameters = new();

    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        var errors = new ValidationErrors();
        FieldPath? path = null;
        foreach (var parameter in context.ActionDescriptor.Parameters)
        {
            if (!context.ActionArguments.TryGetValue(parameter.Name, out var value))
            {
                continue;
            }
            // Body fields are named as in the JSON document (lines[0].sku); query and route values by their name.
            var isBody = parameter.BindingInfo?.BindingSource == Microsoft.AspNetCore.Mvc.ModelBinding.BindingSource.Body;
            path ??= new FieldPath();
            if (isBody && value is not string)
            {
                path.Reset(string.Empty);
                WalkMembers(value, path, errors, 0);
            }
            else
            {
                path.Reset(parameter.Name);
                if (value is string text && ScannedParameters.GetOrAdd(parameter, IsScanned))
                {
                    AddIfBad(text, path, freeText: false, scanned: true, errors);
                    continue;
                }
                Walk(value, path, TextInput.IsFreeText(parameter.Name), errors, 0);
            }
        }
        errors.ThrowIfAny("A text field holds characters that are not allowed.");
        await next();
    }

    private static void Walk(object? value, FieldPath path, bool freeText, ValidationErrors errors, int depth)
    {
        if (value is null || depth > MaxDepth || errors.Count >= MaxErrors)
        {
            return;
        }
        switch (value)
        {
            case string text:
                AddIfBad(text, path, freeText, scanned: false, errors);
                return;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    var key = entry.Key.ToString() ?? string.Empty;
                    if (TextInput.Check(key, freeText: false) is { } keyMessage)
                    {
                        errors.Add(path.ToString(), keyMessage);
                    }
                    path.Push(FieldPath.Key, key);
                    Walk(entry.Value, path, TextInput.IsFreeText(key), errors, depth + 1);
                    path.Pop();
                }
                return;
            case IEnumerable items:
                var index = 0;
                foreach (var item in items)
                {
                    path.Push(FieldPath.Index, null, index++);
                    Walk(item, path, freeText, errors, depth + 1);
                    path.Pop();
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

    private static void WalkMembers(object? value, FieldPath path, ValidationErrors errors, int depth)
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
        foreach (var (property, name, scanned) in Properties.GetOrAdd(type, Describe))
        {
            path.Push(FieldPath.Member, name);
            var child = property.GetValue(value);
            if (scanned && child is string text)
            {
                AddIfBad(text, path, freeText: false, scanned: true, errors);
            }
            else
            {
                Walk(child, path, TextInput.IsFreeText(name), errors, depth + 1);
            }
            path.Pop();
        }
    }

    private static bool IsScanned(ParameterDescriptor parameter) =>
        parameter is Microsoft.AspNetCore.Mvc.Controllers.ControllerParameterDescriptor { ParameterInfo: var info } && info.IsDefined(typeof(ScannedTextAttribute));

    private static void AddIfBad(string text, FieldPath path, bool freeText, bool scanned, ValidationErrors errors)
    {
        if (TextInput.Check(text, freeText, scanned) is { } message)
        {
            errors.Add(path.ToString(), message);
        }
    }

    /// <summary>
    /// The field being walked, as segments: the name (<c>lines[2].sku</c>) is only built for a field that fails,
    /// not for each of the hundreds of fields of a large request that pass.
    /// </summary>
    private sealed class FieldPath
    {
        public const byte Member = 0, Key = 1, Index = 2;
        private readonly List<(byte Kind, string? Name, int Index)> _segments = new(8);
        private string _root = string.Empty;

        public void Reset(string root)
        {
            _root = root;
            _segments.Clear();
        }

        public void Push(byte kind, string? name, int index = 0) => _segments.Add((kind, name, index));

        public void Pop() => _segments.RemoveAt(_segments.Count - 1);

        public override string ToString()
        {
            var text = new System.Text.StringBuilder(_root);
            foreach (var (kind, name, index) in _segments)
            {
                switch (kind)
                {
                    case Member when text.Length == 0:
                        text.Append(name);
                        break;
                    case Member or Key:
                        text.Append('.').Append(name);
                        break;
                    default:
                        text.Append('[').Append(index.ToString(CultureInfo.InvariantCulture)).Append(']');
                        break;
                }
            }
            return text.ToString();
        }
    }

    private static (PropertyInfo, string, bool)[] Describe(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            // Only what can hold text: strings and reference types (lists, nested objects); numbers, ids and
            // dates are skipped without reading (no boxing on the hot price-calculation path).
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && !p.PropertyType.IsValueType)
            .Select(p => (p, p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(p.Name), p.IsDefined(typeof(ScannedTextAttribute))))
            .ToArray();
}
