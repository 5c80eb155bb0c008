using System.Globalization;
using Rapport.Core.Contact;
using Rapport.Core.Customers;

namespace Rapport.Web.CustomerPages;

/// <summary>
/// Every word the customer's pages show, in one language: English, and French (the languages
/// Rapport's shipped templates are written in). A customer sees their own language when it is
/// one of these, else English.
/// </summary>
/// <remarks>
/// Kept in one place so that adding a language is adding one instance here. Staff pages are in
/// English only; these pages speak to customers.
/// </remarks>
public sealed record PageText
{
    public static PageText English { get; } = new()
    {
        Language = "en",
        PreferencesTitle = "Your preferences",
        Hello = "Hello {0},",
        HelloNoName = "Hello,",
        PreferencesIntro = "Here you can correct your details and choose how, and how often, we keep in touch.",
        LinkValidUntil = "This link is personal to you and works until {0}. Please do not forward it.",
        DetailsHeading = "Your details",
        FirstName = "First name",
        LastName = "Last name",
        Email = "E-mail",
        Phone = "Phone",
        Street = "Street",
        City = "Town or city",
        Postcode = "Postcode",
        Country = "Country",
        ChannelsHeading = "How we may contact you",
        ChannelsIntro = "Tick the ways you are happy to hear from us, and number them in the order you prefer (1 first).",
        ChannelYes = "Yes, you may contact me this way",
        ChannelOrder = "Order of preference",
        FrequencyHeading = "How often",
        NoPreference = "No preference",
        Save = "Save my choices",
        Saved = "Thank you: your choices are saved.",
        NothingChanged = "Nothing needed changing: your choices were already as you left them.",
        NotSavedHeading = "Your changes were not saved. Please check:",
        UnsubscribeAllHeading = "Unsubscribe from everything",
        UnsubscribeAllText = "We will stop contacting you through every channel: no more e-mails, letters, calls, text messages or social messages.",
        UnsubscribeAllButton = "Unsubscribe from everything",
        UnsubscribeAllConfirm = "Unsubscribe from everything?",
        UnsubscribedAll = "You are unsubscribed: we will not contact you again through any channel. If you change your mind, tick the ways you would like to hear from us and save.",
        UnsubscribeTitle = "Unsubscribe",
        UnsubscribeQuestionAll = "Stop all messages from us?",
        UnsubscribeQuestionChannel = "Stop receiving {0} from us?",
        UnsubscribeButton = "Unsubscribe",
        UnsubscribedAllDone = "You are unsubscribed: we will not contact you again through any channel.",
        UnsubscribedChannelDone = "You are unsubscribed: you will receive no more {0} from us.",
        NotALinkTitle = "This link does not work",
        NotALinkText = "The link is incomplete or has been changed, so we cannot tell whose it is. Nothing has been changed. Please use the link exactly as it appears in our message.",
        ExpiredTitle = "This link has expired",
        ExpiredText = "For your security, these links only work for a limited time. Nothing has been changed. Our next message to you carries a fresh link; or get in touch and we will gladly help.",
        GoneTitle = "This link no longer works",
        GoneText = "We no longer hold a record for this link. Nothing has been changed.",
        ChannelNames = new Dictionary<Channel, string>
        {
            [Channel.Email] = "E-mail",
            [Channel.Print] = "Letters and cards by post",
            [Channel.Phone] = "Phone calls",
            [Channel.Sms] = "Text messages (SMS)",
            [Channel.Social] = "Social media messages",
        },
        ChannelPlurals = new Dictionary<Channel, string>
        {
            [Channel.Email] = "e-mails",
            [Channel.Print] = "letters and cards by post",
            [Channel.Phone] = "phone calls",
            [Channel.Sms] = "text messages",
            [Channel.Social] = "social media messages",
        },
        FrequencyNames = new Dictionary<ContactFrequency, string>
        {
            [ContactFrequency.Weekly] = "Weekly: news and offers as they come",
            [ContactFrequency.Monthly] = "About once a month",
            [ContactFrequency.Quarterly] = "About once a quarter",
            [ContactFrequency.Yearly] = "Once or twice a year",
            [ContactFrequency.EssentialOnly] = "Only what concerns something I did (a purchase, a letter I wrote)",
        },
    };

    public static PageText French { get; } = new()
    {
        Language = "fr",
        PreferencesTitle = "Vos préférences",
        Hello = "Bonjour {0},",
        HelloNoName = "Bonjour,",
        PreferencesIntro = "Vous pouvez ici corriger vos coordonnées et choisir comment, et à quelle fréquence, nous restons en contact.",
        LinkValidUntil = "Ce lien vous est personnel et fonctionne jusqu’au {0}. Merci de ne pas le transférer.",
        DetailsHeading = "Vos coordonnées",
        FirstName = "Prénom",
        LastName = "Nom",
        Email = "E-mail",
        Phone = "Téléphone",
        Street = "Rue",
        City = "Ville",
        Postcode = "Code postal",
        Country = "Pays",
        ChannelsHeading = "Comment nous pouvons vous contacter",
        ChannelsIntro = "Cochez les moyens par lesquels vous acceptez d’avoir de nos nouvelles, et numérotez-les dans l’ordre que vous préférez (1 d’abord).",
        ChannelYes = "Oui, vous pouvez me contacter ainsi",
        ChannelOrder = "Ordre de préférence",
        FrequencyHeading = "À quelle fréquence",
        NoPreference = "Sans préférence",
        Save = "Enregistrer mes choix",
        Saved = "Merci : vos choix sont enregistrés.",
        NothingChanged = "Rien à changer : vos choix étaient déjà enregistrés ainsi.",
        NotSavedHeading = "Vos modifications n’ont pas été enregistrées. Merci de vérifier :",
        UnsubscribeAllHeading = "Se désabonner de tout",
        UnsubscribeAllText = "Nous cesserons de vous contacter par tous les moyens : plus d’e-mails, de courriers, d’appels, de SMS ni de messages sur les réseaux sociaux.",
        UnsubscribeAllButton = "Me désabonner de tout",
        UnsubscribeAllConfirm = "Vous désabonner de tout ?",
        UnsubscribedAll = "Vous êtes désabonné(e) : nous ne vous contacterons plus par aucun moyen. Si vous changez d’avis, cochez les moyens par lesquels vous souhaitez avoir de nos nouvelles et enregistrez.",
        UnsubscribeTitle = "Désabonnement",
        UnsubscribeQuestionAll = "Ne plus recevoir aucun message de notre part ?",
        UnsubscribeQuestionChannel = "Ne plus recevoir nos {0} ?",
        UnsubscribeButton = "Me désabonner",
        UnsubscribedAllDone = "Vous êtes désabonné(e) : nous ne vous contacterons plus par aucun moyen.",
        UnsubscribedChannelDone = "Vous êtes désabonné(e) : vous ne recevrez plus nos {0}.",
        NotALinkTitle = "Ce lien ne fonctionne pas",
        NotALinkText = "Le lien est incomplet ou a été modifié : nous ne pouvons pas savoir à qui il appartient. Rien n’a été modifié. Utilisez le lien exactement tel qu’il figure dans notre message.",
        ExpiredTitle = "Ce lien a expiré",
        ExpiredText = "Pour votre sécurité, ces liens ne fonctionnent que pendant un temps limité. Rien n’a été modifié. Notre prochain message contiendra un nouveau lien ; vous pouvez aussi nous contacter, nous vous aiderons volontiers.",
        GoneTitle = "Ce lien ne fonctionne plus",
        GoneText = "Nous n’avons plus de dossier correspondant à ce lien. Rien n’a été modifié.",
        ChannelNames = new Dictionary<Channel, string>
        {
            [Channel.Email] = "E-mail",
            [Channel.Print] = "Courriers et cartes par la poste",
            [Channel.Phone] = "Appels téléphoniques",
            [Channel.Sms] = "SMS",
            [Channel.Social] = "Messages sur les réseaux sociaux",
        },
        ChannelPlurals = new Dictionary<Channel, string>
        {
            [Channel.Email] = "e-mails",
            [Channel.Print] = "courriers par la poste",
            [Channel.Phone] = "appels téléphoniques",
            [Channel.Sms] = "SMS",
            [Channel.Social] = "messages sur les réseaux sociaux",
        },
        FrequencyNames = new Dictionary<ContactFrequency, string>
        {
            [ContactFrequency.Weekly] = "Chaque semaine : nouvelles et offres au fil de l’eau",
            [ContactFrequency.Monthly] = "Environ une fois par mois",
            [ContactFrequency.Quarterly] = "Environ une fois par trimestre",
            [ContactFrequency.Yearly] = "Une ou deux fois par an",
            [ContactFrequency.EssentialOnly] = "Seulement ce qui concerne une de mes démarches (un achat, un courrier de ma part)",
        },
    };

    /// <summary>Every language the pages speak, English first.</summary>
    public static IReadOnlyList<PageText> All { get; } = [English, French];

    /// <summary>The BCP 47 language subtag, for <c>&lt;html lang&gt;</c>.</summary>
    public required string Language { get; init; }

    public required string PreferencesTitle { get; init; }

    /// <summary>The greeting, with <c>{0}</c> for the customer's name.</summary>
    public required string Hello { get; init; }

    public required string HelloNoName { get; init; }

    public required string PreferencesIntro { get; init; }

    /// <summary>With <c>{0}</c> for the link's last valid day.</summary>
    public required string LinkValidUntil { get; init; }

    public required string DetailsHeading { get; init; }

    public required string FirstName { get; init; }

    public required string LastName { get; init; }

    public required string Email { get; init; }

    public required string Phone { get; init; }

    public required string Street { get; init; }

    public required string City { get; init; }

    public required string Postcode { get; init; }

    public required string Country { get; init; }

    public required string ChannelsHeading { get; init; }

    public required string ChannelsIntro { get; init; }

    public required string ChannelYes { get; init; }

    public required string ChannelOrder { get; init; }

    public required string FrequencyHeading { get; init; }

    public required string NoPreference { get; init; }

    public required string Save { get; init; }

    public required string Saved { get; init; }

    public required string NothingChanged { get; init; }

    public required string NotSavedHeading { get; init; }

    public required string UnsubscribeAllHeading { get; init; }

    public required string UnsubscribeAllText { get; init; }

    public required string UnsubscribeAllButton { get; init; }

    public required string UnsubscribeAllConfirm { get; init; }

    public required string UnsubscribedAll { get; init; }

    public required string UnsubscribeTitle { get; init; }

    public required string UnsubscribeQuestionAll { get; init; }

    /// <summary>With <c>{0}</c> for the channel's plural (<see cref="ChannelPlurals"/>).</summary>
    public required string UnsubscribeQuestionChannel { get; init; }

    public required string UnsubscribeButton { get; init; }

    public required string UnsubscribedAllDone { get; init; }

    /// <summary>With <c>{0}</c> for the channel's plural (<see cref="ChannelPlurals"/>).</summary>
    public required string UnsubscribedChannelDone { get; init; }

    public required string NotALinkTitle { get; init; }

    public required string NotALinkText { get; init; }

    public required string ExpiredTitle { get; init; }

    public required string ExpiredText { get; init; }

    public required string GoneTitle { get; init; }

    public required string GoneText { get; init; }

    public required IReadOnlyDictionary<Channel, string> ChannelNames { get; init; }

    public required IReadOnlyDictionary<Channel, string> ChannelPlurals { get; init; }

    public required IReadOnlyDictionary<ContactFrequency, string> FrequencyNames { get; init; }

    /// <summary>The culture dates are written in.</summary>
    public CultureInfo Culture => CultureInfo.GetCultureInfo(Language);

    /// <summary>The text for a customer's language (<c>fr</c>, <c>fr-CA</c> → French); English when there is none in it.</summary>
    public static PageText For(LanguageTag? language) =>
        language is null ? English : All.FirstOrDefault(t => string.Equals(t.Language, language.Language, StringComparison.OrdinalIgnoreCase)) ?? English;

    /// <summary>
    /// The text for a browser's <c>Accept-Language</c> header, for pages that cannot tell whose link
    /// it was: the first language listed that the pages speak, else English.
    /// </summary>
    public static PageText ForBrowser(string? acceptLanguage)
    {
        if (string.IsNullOrWhiteSpace(acceptLanguage))
        {
            return English;
        }

        var listed = acceptLanguage.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select((entry, index) => (Tag: entry.Split(';')[0].Trim(), Weight: Weight(entry), Index: index))
            .Where(e => e.Weight > 0)
            .OrderByDescending(e => e.Weight).ThenBy(e => e.Index);
        foreach (var (tag, _, _) in listed)
        {
            var language = tag.Split('-')[0];
            if (All.FirstOrDefault(t => string.Equals(t.Language, language, StringComparison.OrdinalIgnoreCase)) is { } text)
            {
                return text;
            }
        }

        return English;
    }

    /// <summary>A day in this language: <c>21 February 2027</c>, <c>21 février 2027</c>.</summary>
    public string Date(DateOnly day) => day.ToString("d MMMM yyyy", Culture);

    public string Format(string text, object? argument) => string.Format(Culture, text, argument);

    /// <summary>What the page calls a field (named as in customers.csv), for a problem with it.</summary>
    public string Label(string field) => field switch
    {
        "first_name" => FirstName,
        "last_name" => LastName,
        "email" => Email,
        "phone" => Phone,
        "street" => Street,
        "city" => City,
        "postcode" => Postcode,
        "country" => Country,
        "preferred_channels" => ChannelsHeading,
        "preferred_frequency" => FrequencyHeading,
        _ => field.Replace('_', ' '),
    };

    private static double Weight(string entry)
    {
        var q = entry.Split(';').Skip(1).Select(p => p.Trim()).FirstOrDefault(p => p.StartsWith("q=", StringComparison.Ordinal));
        return q is not null && double.TryParse(q.AsSpan(2), NumberStyles.Float, CultureInfo.InvariantCulture, out var weight) ? weight : 1;
    }
}
