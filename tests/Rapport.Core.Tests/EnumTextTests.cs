using Rapport.Core.Common;
using Rapport.Core.Consent;
using Rapport.Core.Touches;

namespace Rapport.Core.Tests;

public sealed class EnumTextTests
{
    [Fact]
    public void ToText_IsKebabCase()
    {
        Assert.Equal("do-not-call", EnumText.ToText(SuppressionReason.DoNotCall));
        Assert.Equal("you-said-we-did", EnumText.ToText(TouchKind.YouSaidWeDid));
    }

    [Theory]
    [InlineData("no-answer")]
    [InlineData("No Answer")]
    [InlineData(" NO_ANSWER ")]
    public void Parse_CaseSpacesAndUnderscores_AreForgiven(string text) =>
        Assert.Equal(TouchOutcome.NoAnswer, EnumText.Parse<TouchOutcome>(text, "outcome").Value);

    [Fact]
    public void Parse_Unknown_ListsWhatIsExpected() =>
        Assert.Equal("'fax' is not a direction (expected one of: out, in)", EnumText.Parse<TouchDirection>("fax", "direction").Error);
}
