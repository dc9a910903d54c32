using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Punchout.Cxml;
using Portal.Punchout.Transport;

namespace Portal.Punchout.Tests;

/// <summary>
/// The cXML transport on its own (no Api, no database): handlers found by request type, the ProfileResponse
/// listing what is registered, and every failure answered as a cXML Status with the matching HTTP status.
/// </summary>
public sealed class CxmlDispatcherTests
{
    /// <summary>The sender port as a host implements it: here every document's first From credential is accepted.</summary>
    private sealed class AcceptingAuthenticator : ICxmlSenderAuthenticator
    {
        public Task<CxmlSender> AuthenticateAsync(CxmlHeader? header, CancellationToken cancellationToken) =>
            header is null
                ? throw new CxmlStatusException(400, "No header.")
                : Task.FromResult(new CxmlSender(header.From[0], header.To.FirstOrDefault()));
    }

    private sealed class ThrowingSetupHandler(Exception failure) : ICxmlRequestHandler
    {
        public Task<CxmlDocument> HandleAsync(CxmlRequestContext request, CancellationToken cancellationToken) => throw failure;
    }

    private sealed class TransientFailure : Exception;

    private static (CxmlDispatcher Dispatcher, IServiceProvider Services) Build(Exception? setupFailure = null)
    {
        var services = new ServiceCollection();
        services.AddCxmlTransport(o => o.IsTransient = ex => ex is TransientFailure);
        services.AddScoped<ICxmlSenderAuthenticator, AcceptingAuthenticator>();
        services.AddCxmlRequestHandler<ProfileRequest, ProfileRequestHandler>();
        if (setupFailure is not null)
        {
            services.AddScoped(_ => new ThrowingSetupHandler(setupFailure));
            services.AddCxmlRequestHandler<PunchOutSetupRequest, ThrowingSetupHandler>();
        }
        services.AddSingleton<Microsoft.Extensions.Logging.ILoggerFactory>(NullLoggerFactory.Instance);
        var provider = services.BuildServiceProvider();
        return (provider.GetRequiredService<CxmlDispatcher>(), provider);
    }

    private static Task<(int Http, CxmlDocument Answer, HttpResponse Response)> PostAsync(
        (CxmlDispatcher Dispatcher, IServiceProvider Services) host, CxmlDocument document, string contentType = "text/xml; charset=utf-8") =>
        PostAsync(host, CxmlWriter.WriteToUtf8Bytes(document), contentType);

    private static async Task<(int Http, CxmlDocument Answer, HttpResponse Response)> PostAsync(
        (CxmlDispatcher Dispatcher, IServiceProvider Services) host, byte[] document, string contentType = "text/xml; charset=utf-8")
    {
        var context = new DefaultHttpContext { RequestServices = host.Services.CreateScope().ServiceProvider };
        context.Request.Method = "POST";
        context.Request.ContentType = contentType;
        context.Request.Body = new MemoryStream(document);
        var body = new MemoryStream();
        context.Response.Body = body;
        await host.Dispatcher.HandleAsync(context, "https://portal.example", "https://portal.example/punchout/cxml");
        return (context.Response.StatusCode, CxmlReader.Read(Encoding.UTF8.GetString(body.ToArray())), context.Response);
    }

    [Fact]
    public async Task A_profile_request_lists_exactly_the_registered_request_types_at_the_endpoint()
    {
        var (http, answer, _) = await PostAsync(Build(new InvalidOperationException()), CxmlSamples.ProfileRequest());
        Assert.Equal(200, http);
        var profile = Assert.IsType<ProfileResponse>(answer.Response!.Body);
        Assert.Equal(["ProfileRequest", "PunchOutSetupRequest"], profile.Transactions.Select(t => t.RequestName));
        Assert.All(profile.Transactions, t => Assert.Equal("https://portal.example/punchout/cxml", t.Url));
    }

    [Fact]
    public async Task A_request_type_without_a_handler_answers_450_not_implemented()
    {
        var (http, answer, _) = await PostAsync(Build(), CxmlSamples.OrderRequest());
        Assert.Equal(501, http);
        Assert.Equal(450, answer.Response!.Status.Code);
        Assert.Equal("Not Implemented", answer.Response.Status.Text);
    }

    [Fact]
    public async Task A_handlers_status_exception_becomes_its_cxml_status_and_http_status()
    {
        var (http, answer, response) = await PostAsync(Build(new CxmlStatusException(409, "Already received.")), CxmlSamples.SetupRequest());
        Assert.Equal(409, http);
        Assert.Equal(new CxmlStatus(409, "Conflict", "Already received."), answer.Response!.Status);
        Assert.Equal("no-store", response.Headers.CacheControl.ToString());
    }

    [Fact]
    public async Task A_transient_failure_answers_560_with_retry_after_and_an_unexpected_one_500()
    {
        var (http, answer, response) = await PostAsync(Build(new TransientFailure()), CxmlSamples.SetupRequest());
        Assert.Equal(503, http);
        Assert.Equal(560, answer.Response!.Status.Code);
        Assert.Equal("1", response.Headers.RetryAfter.ToString());

        (http, answer, _) = await PostAsync(Build(new InvalidOperationException("secret detail")), CxmlSamples.SetupRequest());
        Assert.Equal(500, http);
        Assert.Equal(500, answer.Response!.Status.Code);
        Assert.DoesNotContain("secret detail", answer.Response.Status.Message);
    }

    [Fact]
    public async Task A_document_that_is_not_xml_by_media_type_is_refused_with_400()
    {
        var (http, answer, _) = await PostAsync(Build(), CxmlSamples.ProfileRequest(), "application/json");
        Assert.Equal(400, http);
        Assert.Equal(400, answer.Response!.Status.Code);
    }

    [Fact]
    public async Task A_character_xml_cannot_carry_is_a_406_whose_status_quotes_it_as_a_replacement_character()
    {
        // The parser's message names the bad character (an unpaired surrogate here): the answer quoting it was
        // unwritable, and the buyer got an HTTP 500 instead of a cXML Status.
        var xml = Encoding.UTF8.GetString(CxmlWriter.WriteToUtf8Bytes(CxmlSamples.ProfileRequest()));
        var at = xml.IndexOf("<Identity>", StringComparison.Ordinal) + "<Identity>".Length;
        var (http, answer, _) = await PostAsync(Build(), Encoding.UTF8.GetBytes(xml.Insert(at, "&#xD800;")));
        Assert.Equal(406, http);
        Assert.Equal(406, answer.Response!.Status.Code);
        Assert.Contains("\uFFFD", answer.Response.Status.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\uD800", answer.Response.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_handler_for_the_same_request_type_is_refused_at_registration()
    {
        var services = new ServiceCollection().AddCxmlRequestHandler<ProfileRequest, ProfileRequestHandler>();
        Assert.Throws<InvalidOperationException>(() => services.AddCxmlRequestHandler<ProfileRequest, ProfileRequestHandler>());
    }
}
