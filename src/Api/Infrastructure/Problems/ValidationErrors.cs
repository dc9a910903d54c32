namespace Portal.Api.Infrastructure.Problems;

/// <summary>Collects field errors keyed by JSON path, in the order they were found.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;

    public int Count => _errors.Count;

    public void Add(string path, string message)
    {
        if (!_errors.TryGetValue(path, out var list))
        {
            list = [];
            _errors[path] = list;
        }
        list.Add(message);
    }

    public void AddAll(string prefix, ValidationErrors other)
    {
        foreach (var (key, messages) in other._errors)
        {
            foreach (var message in messages)
            {
                Add(prefix + key, message);
            }
        }
    }

    public IDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public void ThrowIfAny(string detail = "One or more fields are not valid.")
    {
        if (!IsEmpty)
        {
            throw new RequestValidationException(ToDictionary(), detail);
        }
    }
}
