// Portal.Client quick start: search the catalog, list the categories, look a barcode up.
//
//   dotnet run --project samples/QuickStart -- --base-url http://localhost:5080 \
//       --client-id acme-buyer --client-secret acme-buyer-secret
//
// Each setting falls back to an environment variable (PORTAL_BASE_URL, PORTAL_CLIENT_ID,
// PORTAL_CLIENT_SECRET), then to the demo credentials of the API's embedded mode.
using Portal.Client;
using Portal.Samples.QuickStart;

var baseUrl = Setting("--base-url", "PORTAL_BASE_URL", "http://localhost:5080");
var clientId = Setting("--client-id", "PORTAL_CLIENT_ID", "acme-buyer");
var clientSecret = Setting("--client-secret", "PORTAL_CLIENT_SECRET", "acme-buyer-secret");

if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var baseUri))
{
    Console.Error.WriteLine($"Not an absolute URL: {baseUrl}");
    return 2;
}

using var portal = new PortalClient(new PortalClientOptions
{
    BaseUri = baseUri,
    ClientId = clientId,
    ClientSecret = clientSecret,
});

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

return await QuickStartRun.RunAsync(portal, Console.Out, cancellation.Token);

// "--name value" or "--name=value" on the command line, else the environment variable, else the default.
string Setting(string name, string environmentVariable, string fallback)
{
    for (var i = 0; i < args.Length; i++)
    {
        if (args[i] == name && i + 1 < args.Length)
        {
            return args[i + 1];
        }
        if (args[i].StartsWith(name + "=", StringComparison.Ordinal))
        {
            return args[i][(name.Length + 1)..];
        }
    }
    return Environment.GetEnvironmentVariable(environmentVariable) is { Length: > 0 } value ? value : fallback;
}
