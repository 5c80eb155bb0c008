using System.Net;

namespace Rapport.Web.Tests.Api;

/// <summary>Every error the API gives is ProblemDetails, never an HTML page (the web issue's item 4).</summary>
[Collection(ApiCollection.Name)]
public sealed class ApiErrorTests(RapportSite site)
{
    [Fact]
    public async Task UnknownEndpoint_Is404ProblemDetails()
    {
        using var client = await site.AllClientAsync();
        using var response = await client.GetAsync(new Uri("/api/no-such-thing", UriKind.Relative));

        var problem = await response.ExpectAsync(HttpStatusCode.NotFound);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task WrongMethod_IsProblemDetails()
    {
        using var client = await site.AllClientAsync();
        using var response = await client.DeleteAsync(new Uri("/api/purchases", UriKind.Relative));

        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed });
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task PageErrors_StayPlainPages()
    {
        using var client = await site.SignedInAsync(site.Admin);
        using var response = await client.Http.GetAsync(new Uri("/no/such/page", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }
}
