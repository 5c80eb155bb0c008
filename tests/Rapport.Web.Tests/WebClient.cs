using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Rapport.Web.Tests;

/// <summary>An HTTP client that behaves like a browser without JavaScript: cookies, forms with their anti-forgery token.</summary>
public sealed class WebClient : IDisposable
{
    private static readonly HtmlParser Parser = new();

    public WebClient(Uri baseAddress)
    {
        Cookies = new CookieContainer();
        Http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
    }

    public HttpClient Http { get; }

    public CookieContainer Cookies { get; }

    /// <summary>Fetches a page that must answer 200, parsed.</summary>
    public async Task<IHtmlDocument> PageAsync(string path)
    {
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode}\n{body}");
        return Parser.ParseDocument(body);
    }

    /// <summary>Parses a response body as HTML.</summary>
    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return Parser.ParseDocument(await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// Opens the page, fills the form (the first one, or the one matching <paramref name="formSelector"/>)
    /// with the given fields over its own, and submits it as the browser would, anti-forgery token included.
    /// </summary>
    public async Task<HttpResponseMessage> SubmitAsync(string pagePath, IReadOnlyDictionary<string, string> fields, string formSelector = "main form")
    {
        ArgumentNullException.ThrowIfNull(fields);
        var page = await PageAsync(pagePath);
        var form = page.QuerySelector(formSelector) as IHtmlFormElement ?? throw new InvalidOperationException($"no form '{formSelector}' on {pagePath}");
        var values = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement input when !string.IsNullOrEmpty(input.Name) && input.Type is not ("submit" or "button"):
                    if (input.Type is "checkbox" or "radio" && !input.IsChecked)
                    {
                        break;
                    }

                    values.Add(new(input.Name, input.Value));
                    break;
                case IHtmlSelectElement select when !string.IsNullOrEmpty(select.Name):
                    values.Add(new(select.Name, select.Value ?? string.Empty));
                    break;
                case IHtmlTextAreaElement area when !string.IsNullOrEmpty(area.Name):
                    values.Add(new(area.Name, area.Value));
                    break;
            }
        }

        values.RemoveAll(v => fields.ContainsKey(v.Key));
        values.AddRange(fields);
        var action = form.GetAttribute("action") is { Length: > 0 } given ? given : pagePath;
        using var content = new FormUrlEncodedContent(values);
        return await Http.PostAsync(new Uri(action, UriKind.Relative), content);
    }

    public Task<HttpResponseMessage> SignInAsync(string login, string password) =>
        SubmitAsync("/sign-in", new Dictionary<string, string> { ["login"] = login, ["password"] = password });

    public void Dispose() => Http.Dispose();
}
