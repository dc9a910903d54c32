namespace Portal.Api.Features.Accounts;

/// <summary>Field rules shared by the account resources.</summary>
internal static partial class AccountValidation
{
    public static string? Required(ValidationErrors errors, string field, string? value, int maxLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            errors.Add(field, $"The {field} is required.");
            return null;
        }
        if (trimmed.Length > maxLength)
        {
            errors.Add(field, $"The {field} has at most {maxLength} characters.");
            return null;
        }
        return trimmed;
    }

    public static string? Optional(ValidationErrors errors, string field, string? value, int maxLength)
    {
        var trimmed = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (trimmed is { Length: var length } && length > maxLength)
        {
            errors.Add(field, $"The {field} has at most {maxLength} characters.");
        }
        return trimmed;
    }

    /// <summary>The error for a currency that is not one of <see cref="Portal.Punchout.Money.CurrencyCodes.All"/>.</summary>
    public const string CurrencyMessage = "The currency is an ISO 4217 currency code of three letters, such as EUR.";

    public static string? Currency(ValidationErrors errors, string? value, bool required)
    {
        if (value is null && !required)
        {
            return null;
        }
        var code = Portal.Punchout.Money.CurrencyCodes.Normalize(value);
        if (code is null)
        {
            errors.Add("currency", CurrencyMessage);
        }
        return code;
    }

    public static string? Code(ValidationErrors errors, string field, string? value, bool required, int maxLength = 32)
    {
        if (value is null && !required)
        {
            return null;
        }
        var code = value?.Trim();
        if (string.IsNullOrEmpty(code) || code.Length > maxLength || !CodePattern().IsMatch(code))
        {
            errors.Add(field, $"The {field} is 1 to {maxLength} letters, digits, '-', '_' or '.'.");
            return null;
        }
        return code;
    }

    public static string? Email(ValidationErrors errors, string? value)
    {
        var email = value?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(email) || email.Length > 254 || !EmailPattern().IsMatch(email))
        {
            errors.Add("email", "The email is a valid e-mail address.");
            return null;
        }
        return email;
    }

    public static string? Country(ValidationErrors errors, string? value)
    {
        var country = value?.Trim().ToUpperInvariant();
        if (country is null || !CountryCodes.All.Contains(country))
        {
            errors.Add("country", "The country is an ISO 3166-1 alpha-2 code, such as DE.");
            return null;
        }
        return country;
    }

    /// <summary>Loads an entity of the caller's account by id, or answers 404 (also for another account's id).</summary>
    public static async Task<T> FindAsync<T>(IQueryable<T> set, Guid id, string what, CancellationToken cancellationToken)
        where T : class, Infrastructure.Tenancy.ICustomerScoped
    {
        return await set.FirstOrDefaultAsync(e => EF.Property<Guid>(e, "Id") == id, cancellationToken)
            ?? throw new NotFoundException($"No {what} has the id '{id}'.");
    }


    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex CodePattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

}
