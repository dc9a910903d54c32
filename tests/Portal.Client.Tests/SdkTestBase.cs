using Portal.TestInfrastructure;

namespace Portal.Client.Tests;

/// <summary>
/// A test class that talks to the real API through the SDK: clients for a demo or supplier client id, each on its
/// own HttpClient from the factory, disposed with the test class.
/// </summary>
public abstract class SdkTestBase(PortalApiFactory api) : IDisposable
{
    private readonly List<IDisposable> _disposables = [];

    protected PortalApiFactory Api { get; } = api;

    /// <summary>A client for a demo client id with its demo secret.</summary>
    protected PortalClient NewClient(string clientId) => NewClient(clientId, Api.DemoSecret(clientId));

    protected PortalClient NewClient(string clientId, string secret)
    {
        var http = Api.CreateClient();
        var client = new PortalClient(new PortalClientOptions
        {
            BaseUri = http.BaseAddress, ClientId = clientId, ClientSecret = secret, HttpClient = http, RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        });
        _disposables.Add(http);
        _disposables.Add(client);
        return client;
    }

    public void Dispose()
    {
        _disposables.ForEach(d => d.Dispose());
        GC.SuppressFinalize(this);
    }
}
