using System.CommandLine;
using Esm.Cli.Rendering;
using Esm.Client;
using Spectre.Console;

namespace Esm.Cli.Commands;

/// <summary>esm manifests: which backend realises each plan.</summary>
public static class ManifestsCommand
{
    public static Command Create()
    {
        var command = new Command("manifests", "Every manifest: the plan it realises and its backend (--json includes the content).");
        CommandAction.Set(command, async (context, _, cancellationToken) =>
        {
            var manifests = (await context.Broker.Manifests.ListManifestsAsync(cancellationToken)).Result;
            return await context.WriteAsync(manifests, names => Table(manifests, names), cancellationToken);
        });
        return command;
    }

    private static Table Table(IEnumerable<Manifest> manifests, CatalogNames names)
    {
        var table = new Table().Border(TableBorder.Simple).AddColumns("MANIFEST", "OFFERING", "PLAN", "TYPE");
        foreach (var manifest in manifests)
        {
            table.AddRow(
                new Text(manifest.Id ?? "-"),
                new Text(names.Offering(manifest.Service_id)),
                new Text(names.Plan(manifest.Plan_id)),
                new Text(manifest.Manifest_type));
        }

        return table;
    }
}
