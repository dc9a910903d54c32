using Portal.Api;

var builder = WebApplication.CreateBuilder(args);
builder.AddPortal();

var app = builder.Build();
await app.InitializePortalAsync();
app.UsePortal();
await app.RunAsync();

/// <summary>The entry point; public so that tests can host it through WebApplicationFactory.</summary>
public partial class Program;
