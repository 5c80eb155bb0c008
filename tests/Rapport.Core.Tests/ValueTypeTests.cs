using Rapport.Core.Contact;
using Rapport.Core.Customers;
using Rapport.Core.Geography;
using Rapport.Core.Organisation;
using Rapport.Core.Purchases;

namespace Rapport.Core.Tests;

public sealed class ValueTypeTests
{
    [Theory]
    [InlineData("+1 (206) 555-0142", "+12065550142")]
    [InlineData("020 7946 0018", "02079460018")]
    [InlineData(" +44.20.7946.0018 ", "+442079460018")]
    // Extensions are kept.
    [InlineData("+1 206-555-0100 ext. 12", "+12065550100x12")]
    [InlineData("(206) 555-0100 x7", "2065550100x7")]
    public void PhoneNumber_WrittenForms_AreCanonical(string text, string expected) =>
        Assert.Equal(expected, PhoneNumber.Parse(text).Value.Value);

    [Theory]
    [InlineData("555-CALL")]
    // Too short to be a number anyone can dial.
    [InlineData("1234")]
    // E.164 allows at most 15 digits.
    [InlineData("+1234567890123456")]
    // A plus sign only leads.
    [InlineData("12+345678")]
    public void PhoneNumber_NotANumber_IsRefused(string text) => Assert.False(PhoneNumber.Parse(text).Success);

    [Theory]
    [InlineData("Europe/London")]
    [InlineData("America/Argentina/Buenos_Aires")]
    [InlineData("Asia/Kolkata")]
    public void TimeZone_IanaId_IsAccepted(string id) => Assert.Equal(id, TimeZoneId.Parse(id).Value.Id);

    [Theory]
    // A Windows name, not an IANA id.
    [InlineData("Pacific Standard Time")]
    [InlineData("Europe/Atlantis")]
    // IANA ids are case-sensitive.
    [InlineData("europe/london")]
    [InlineData("")]
    public void TimeZone_NotAnIanaId_IsRefused(string id) => Assert.False(TimeZoneId.Parse(id).Success);

    [Fact]
    public void Currency_IsReadCaseInsensitivelyAndShared()
    {
        Assert.Same(CurrencyCode.Parse("eur").Value, CurrencyCode.Parse("EUR").Value);
        Assert.Equal("EUR", CurrencyCode.Parse(" eur ").Value.Code);
        Assert.False(CurrencyCode.Parse("EURO").Success);
        Assert.False(CurrencyCode.Parse("XXX").Success);
    }

    [Theory]
    [InlineData("12.34", "12.34")]
    [InlineData("0", "0")]
    [InlineData("1999.9999", "1999.9999")]
    // Trailing zeros do not matter: every store gives back the same value.
    [InlineData("120.50", "120.5")]
    public void Amount_PlainDecimal_IsRead(string text, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), MoneyAmount.Normalize(MoneyAmount.Parse(text).Value));

    [Theory]
    [InlineData("12,34", "'12,34' is not a number")]
    [InlineData("1,234.50", "'1,234.50' is not a number")]
    [InlineData("-5", "'-5' is negative (refunds are not purchases)")]
    [InlineData("1.23456", "'1.23456' has more than 4 decimal places")]
    [InlineData("1e5", "'1e5' is not a number")]
    public void Amount_Ambiguous_IsRefusedWithReason(string text, string error) =>
        Assert.Equal(error, MoneyAmount.Parse(text).Error);

    [Fact]
    public void GeoPoint_OutOfRange_CannotExist()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GeoPoint(90.5, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GeoPoint(0, -181));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GeoPoint(double.NaN, 0));
        Assert.Equal("'91' is not a latitude (must lie between -90 and 90)", GeoPoint.ParseLatitude("91").Error);
    }

    [Fact]
    public void GeoPoint_Distance_IsGreatCircle()
    {
        var london = new GeoPoint(51.5074, -0.1278);
        var paris = new GeoPoint(48.8566, 2.3522);
        Assert.InRange(london.DistanceKmTo(paris), 340, 347);
        Assert.Equal(0, london.DistanceKmTo(london), 6);
    }

    [Fact]
    public void WorkingWeek_ReadsShortAndFullNames()
    {
        var week = WorkingWeek.Parse("mon;Tuesday; FRI").Value;
        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Friday], week.Days);
        Assert.Equal("Mon;Tue;Fri", week.ToString());
        Assert.Equal("'Funday' is not a day of the week (expected Mon, Tue, Wed, Thu, Fri, Sat or Sun)", WorkingWeek.Parse("Mon;Funday").Error);
    }

    [Theory]
    [InlineData("en", "en")]
    [InlineData("en_gb", "en-GB")]
    [InlineData("ZH-hant-tw", "zh-Hant-TW")]
    // A language's name, in English or in itself.
    [InlineData("German", "de")]
    [InlineData("français", "fr")]
    public void LanguageTag_IsNormalised(string text, string expected) => Assert.Equal(expected, LanguageTag.Parse(text).Value.Value);

    [Theory]
    [InlineData("klingonese")]
    [InlineData("e")]
    [InlineData("en--GB")]
    public void LanguageTag_NotATag_IsRefused(string text) => Assert.False(LanguageTag.Parse(text).Success);

    [Fact]
    public void SocialHandle_NeedsNetworkAndHandle()
    {
        var handle = SocialHandle.Parse("X:@jane").Value;
        Assert.Equal(("x", "@jane"), (handle.Network, handle.Handle));
        Assert.False(SocialHandle.Parse("@jane").Success);
        Assert.False(SocialHandle.Parse("facebook:").Success);
        Assert.False(SocialHandle.Parse("facebook:jane doe").Success);
    }

    [Fact]
    public void Customer_CannotReferThemselves_OrListAChannelTwice()
    {
        Assert.Throws<ArgumentException>(() => new Customer("C1") { ReferredBy = "C1" });
        Assert.Throws<ArgumentException>(() => new Customer("C1") { PreferredChannels = [Channel.Email, Channel.Email] });
        Assert.Throws<ArgumentException>(() => new Customer(" C1"));
    }

    [Fact]
    public void Customer_DisplayName_FallsBackToCompany()
    {
        Assert.Equal("Zoë Dupré", new Customer("C1") { FirstName = "Zoë", LastName = "Dupré" }.DisplayName);
        Assert.Equal("Acme, Inc.", new Customer("C2") { Company = "Acme, Inc." }.DisplayName);
        Assert.Null(new Customer("C3").DisplayName);
    }

    [Fact]
    public void Staff_CallsPerDay_IsBounded()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StaffMember("S1", "Ann", "B1") { CallsPerDay = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new StaffMember("S1", "Ann", "B1") { CallsPerDay = 501 });
    }
}
