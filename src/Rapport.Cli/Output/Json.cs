using System.Text.Encodings.Web;
using System.Text.Json;

namespace Rapport.Cli.Output;

/// <summary>The JSON the read commands print with <c>--json</c>: snake_case names, indented, UTF-8 text unescaped.</summary>
internal static class Json
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(TextWriter output, object value) => output.WriteLine(JsonSerializer.Serialize(value, Options));
}
