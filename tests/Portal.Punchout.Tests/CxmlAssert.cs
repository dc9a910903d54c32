using System.Collections;
using System.Reflection;

namespace Portal.Punchout.Tests;

/// <summary>Deep equality of the cXML records (records compare lists by reference, so this walks them).</summary>
public static class CxmlAssert
{
    public static void DeepEqual(object? expected, object? actual)
    {
        if (Difference(expected, actual, "doc") is { } path)
        {
            Assert.Fail("Differs at " + path);
        }
    }

    private static string? Difference(object? expected, object? actual, string path)
    {
        if (expected is null || actual is null)
        {
            return expected is null && actual is null ? null : $"{path}: expected {expected ?? "null"}, got {actual ?? "null"}";
        }
        if (expected is not string && expected is IEnumerable left && actual is IEnumerable right)
        {
            var l = left.Cast<object?>().ToList();
            var r = right.Cast<object?>().ToList();
            if (l.Count != r.Count)
            {
                return $"{path}: expected {l.Count} items, got {r.Count}";
            }
            return l.Select((item, i) => Difference(item, r[i], $"{path}[{i}]")).FirstOrDefault(d => d is not null);
        }
        if (expected.GetType() != actual.GetType())
        {
            return $"{path}: expected type {expected.GetType().Name}, got {actual.GetType().Name}";
        }
        if (expected is string or decimal or int or bool or DateTimeOffset or DateTime || expected.GetType().IsPrimitive)
        {
            return Equals(expected, actual) ? null : $"{path}: expected '{expected}', got '{actual}'";
        }
        foreach (var property in expected.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.Name == "EqualityContract")
            {
                continue;
            }
            var difference = Difference(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}");
            if (difference is not null)
            {
                return difference;
            }
        }
        return null;
    }
}
