using System.Globalization;
using System.Text;

namespace Rapport.Storage.Import;

/// <summary>Something wrong with an import file, and where.</summary>
/// <param name="File">The file, as the user named it.</param>
/// <param name="Line">The line, counting the header as line 1; 0 when the problem is the file itself.</param>
/// <param name="Column">The column's header name, when the problem is one value.</param>
/// <param name="Message">What is wrong, naming the value: <c>'12,34x' is not a number</c>.</param>
public sealed record ImportProblem(string File, long Line, string? Column, string Message)
{
    /// <summary>The problem as the command line prints it: <c>purchases.csv:7: column 'amount': '12,34x' is not a number</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(File);
        if (Line > 0)
        {
            text.Append(':').Append(Line.ToString(CultureInfo.InvariantCulture));
        }

        text.Append(": ");
        if (Column is not null)
        {
            text.Append("column '").Append(Column).Append("': ");
        }

        return text.Append(Message).ToString();
    }
}
