// Namespaces that many of the API's files use: text, JSON, regular expressions and cryptography,
// ASP.NET Core MVC and API versioning, EF Core, options, and
// the cross-cutting infrastructure every feature builds on. Feature namespaces stay explicit, so that a
// feature's dependencies on other features remain visible at the top of each file.
global using System.Globalization;
global using System.Security.Cryptography;
global using System.Text;
global using System.Text.Json;
global using System.Text.RegularExpressions;
global using Asp.Versioning;
global using Microsoft.AspNetCore.Mvc;
global using Microsoft.EntityFrameworkCore;
global using Microsoft.EntityFrameworkCore.Metadata.Builders;
global using Microsoft.Extensions.Options;
global using Portal.Api.Infrastructure;
global using Portal.Api.Infrastructure.Auth;
global using Portal.Api.Infrastructure.Caching;
global using Portal.Api.Infrastructure.Concurrency;
global using Portal.Api.Infrastructure.Data;
global using Portal.Api.Infrastructure.OpenApi;
global using Portal.Api.Infrastructure.Paging;
global using Portal.Api.Infrastructure.Problems;
global using Portal.Api.Infrastructure.Tenancy;
