using Rapport.Core.Consent;
using Rapport.Core.Contact;

namespace Rapport.Core.Tests;

public sealed class ConsentStateTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void NoRecord_MeansNoConsent()
    {
        var state = ConsentState.From([], Now);
        Assert.All(Enum.GetValues<Channel>(), c => Assert.False(state.MayContact(c)));
    }

    [Fact]
    public void NewestRecord_Decides_WhateverTheOrder()
    {
        var state = ConsentState.From(
        [
            Record(Channel.Email, ConsentStatus.Granted, days: -10),
            Record(Channel.Email, ConsentStatus.Withdrawn, days: -100),
            Record(Channel.Phone, ConsentStatus.Withdrawn, days: -10),
            Record(Channel.Phone, ConsentStatus.Granted, days: -100),
        ], Now);

        Assert.True(state.MayContact(Channel.Email));
        Assert.False(state.MayContact(Channel.Phone));
    }

    [Fact]
    public void SameInstant_WithdrawalWins()
    {
        var state = ConsentState.From([Record(Channel.Sms, ConsentStatus.Withdrawn, 0), Record(Channel.Sms, ConsentStatus.Granted, 0)], Now);
        Assert.False(state.MayContact(Channel.Sms));
        state = ConsentState.From([Record(Channel.Sms, ConsentStatus.Granted, 0), Record(Channel.Sms, ConsentStatus.Withdrawn, 0)], Now);
        Assert.False(state.MayContact(Channel.Sms));
    }

    [Fact]
    public void DoNotCall_ClosesThePhoneUntilALaterGrant()
    {
        var dnc = Record(Channel.Phone, ConsentStatus.Withdrawn, -30, SuppressionReason.DoNotCall);
        var state = ConsentState.From([Record(Channel.Phone, ConsentStatus.Granted, -300), dnc], Now);
        Assert.False(state.MayContact(Channel.Phone));
        Assert.Equal(SuppressionReason.DoNotCall, state[Channel.Phone].Suppression);

        state = ConsentState.From([dnc, Record(Channel.Phone, ConsentStatus.Granted, -1)], Now);
        Assert.True(state.MayContact(Channel.Phone));
    }

    [Theory]
    [InlineData(SuppressionReason.Deceased)]
    [InlineData(SuppressionReason.Erased)]
    public void PermanentSuppression_ClosesEveryChannelForGood(SuppressionReason reason)
    {
        var state = ConsentState.From(
        [
            Record(Channel.Email, ConsentStatus.Granted, -300),
            Record(Channel.Print, ConsentStatus.Withdrawn, -30, reason),
            Record(Channel.Email, ConsentStatus.Granted, -1),
        ], Now);

        Assert.All(state.Channels, c => Assert.False(c.MayContact));
        Assert.Equal(reason, state[Channel.Email].Suppression);
        Assert.NotNull(state.PermanentSuppression);
    }

    [Fact]
    public void RecordsAfterAsOf_AreIgnored()
    {
        var state = ConsentState.From([Record(Channel.Email, ConsentStatus.Granted, -5), Record(Channel.Email, ConsentStatus.Withdrawn, 5)], Now);
        Assert.True(state.MayContact(Channel.Email));
    }

    [Fact]
    public void Suppression_OnlyOnAWithdrawal() =>
        Assert.Throws<ArgumentException>(() => new ConsentRecord("C1", Channel.Phone, ConsentStatus.Granted, Now, SuppressionReason.DoNotCall));

    private static ConsentRecord Record(Channel channel, ConsentStatus status, int days, SuppressionReason? suppression = null) =>
        new("C1", channel, status, Now.AddDays(days), suppression) { Source = "test" };
}
