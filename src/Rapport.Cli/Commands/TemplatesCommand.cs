using System.CommandLine;
using System.Globalization;
using Rapport.Core.Common;
using Rapport.Core.Contact;
using Rapport.Core.Touches;
using Rapport.Messaging.Sending;
using Rapport.Messaging.Templates;
using Rapport.Storage.Database;
using Rapport.Storage.Outbox;
using Rapport.Storage.Planning;

namespace Rapport.Cli.Commands;

internal static class TemplatesCommand
{
    /// <summary>Customers named per problem.</summary>
    private const int Examples = 3;

    public static Command Create(RapportCli cli)
    {
        var check = new Command("check", "Renders every template for every customer the stored plan and the pending moments would use it for, and reports each problem before anything is sent.");
        check.SetAction(async (parsed, cancellationToken) =>
        {
            var environment = cli.Environment;
            if (await LoadAsync(cli, parsed).ConfigureAwait(false) is not { } library || await cli.LoadPolicyAsync(parsed).ConfigureAwait(false) is not { } policy)
            {
                return ExitCodes.BadInput;
            }

            var database = await cli.OpenDatabaseAsync(parsed, cancellationToken).ConfigureAwait(false);
            var touches = await UsesAsync(database, cancellationToken).ConfigureAwait(false);
            var renderer = new TemplateRenderer(library);
            var reader = new MessageFactsReader(database, policy.Policy, id => new Uri("https://example.invalid/p/" + Uri.EscapeDataString(id)));
            var problems = new Dictionary<(string?, string?, string), List<string>>();
            var rendered = 0;
            foreach (var batch in touches.Chunk(Sender.BatchSize))
            {
                foreach (var touch in await reader.ReadAsync(batch, environment.Time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
                {
                    if (touch.Facts is null)
                    {
                        continue;
                    }

                    var result = renderer.Render(touch.Facts);
                    rendered++;
                    if (result.Problem is { } p)
                    {
                        // The message names the customer's value; group by template and field.
                        var key = (p.Template, p.Field, p.Field is null ? p.Message : $"field '{p.Field}'");
                        (problems.TryGetValue(key, out var list) ? list : problems[key] = []).Add(p.CustomerId);
                    }
                }
            }

            await environment.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Checked {library.Templates.Count} templates ({(library.Folder is null ? "the shipped defaults" : $"with {library.Folder}")}) on {rendered:N0} messages the plan and the moments call for.")).ConfigureAwait(false);
            if (problems.Count == 0)
            {
                await environment.Out.WriteLineAsync("No problems: every message would be personal.").ConfigureAwait(false);
                return ExitCodes.Success;
            }

            foreach (var ((template, _, what), customers) in problems.OrderByDescending(p => p.Value.Count))
            {
                await environment.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {template ?? "(no template)"}: {what}: {customers.Count:N0} messages would not be sent, e.g. customers {string.Join(", ", customers.Distinct(StringComparer.Ordinal).Take(Examples))}")).ConfigureAwait(false);
            }

            return ExitCodes.BadInput;
        });

        var folder = new Argument<string>("DIR") { Description = "The folder to write the shipped templates into, to edit." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace files that are already there." };
        var export = new Command("export", "Writes the shipped templates into a folder, to edit: files there then override the shipped ones (--templates, or ./templates).") { folder, overwrite };
        export.SetAction(async (parsed, cancellationToken) =>
        {
            var target = cli.FullPath(parsed.GetValue(folder)!);
            var written = TemplateLibrary.ExportDefaults(target, parsed.GetValue(overwrite));
            await cli.Environment.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Wrote {written.Written.Count} templates to {target}{(written.Kept.Count > 0 ? $"; kept {written.Kept.Count} already there (--overwrite replaces them)" : string.Empty)}.")).ConfigureAwait(false);
            return ExitCodes.Success;
        });

        return new Command("templates", "The message templates: check them against the customers, or export the shipped ones to edit.") { check, export };
    }

    /// <summary>The template library, or null after printing every error with its file, line and column.</summary>
    public static async Task<TemplateLibrary?> LoadAsync(RapportCli cli, ParseResult parsed)
    {
        var folder = cli.ResolveTemplates(parsed);
        if (folder is not null && !Directory.Exists(folder))
        {
            await cli.Environment.Error.WriteLineAsync($"rapport: --templates: no folder '{folder}'").ConfigureAwait(false);
            return null;
        }

        var library = folder is null ? TemplateLibrary.Defaults : TemplateLibrary.Load(folder);
        foreach (var error in library.Errors)
        {
            await cli.Environment.Error.WriteLineAsync(error.ToString()).ConfigureAwait(false);
        }

        return library.Errors.Count == 0 ? library : null;
    }

    /// <summary>Each customer's kinds and channels in the stored plan and the pending moments, once each.</summary>
    private static async Task<IReadOnlyList<DueTouch>> UsesAsync(RapportDatabase database, CancellationToken cancellationToken)
    {
        var uses = new Dictionary<(string, TouchKind, Channel), DueTouch>();
        if (await PlanStore.RunAsync(database, cancellationToken).ConfigureAwait(false) is { } plan)
        {
            await foreach (var touch in PlanStore.TouchesAsync(database, plan, cancellationToken).ConfigureAwait(false))
            {
                uses.TryAdd((touch.CustomerId, touch.Kind, touch.Channel), new DueTouch(touch.TouchId, touch.CustomerId, touch.Kind, touch.Channel, touch.Day, null));
            }
        }

        await using var context = database.CreateContext();
        foreach (var moment in context.Moments.AsEnumerable())
        {
            var kind = EnumText.Parse<TouchKind>(moment.Kind, "kind").Value;
            var channel = EnumText.Parse<Channel>(moment.Channel, "channel").Value;
            uses[(moment.CustomerId, kind, channel)] = new DueTouch(moment.Key, moment.CustomerId, kind, channel, moment.Due, moment);
        }

        return [.. uses.Values];
    }
}
