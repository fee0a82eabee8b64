using System.CommandLine;
using Esm.Cli.Rendering;
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
            if (context.Json)
            {
                JsonOutput.Write(context.Output, manifests);
                return 0;
            }

            var names = CatalogNames.Of((await context.Broker.Catalog.ListServiceTypesAsync(cancellationToken)).Result);
            var table = new Table().Border(TableBorder.Simple).AddColumns("MANIFEST", "OFFERING", "PLAN", "TYPE");
            foreach (var manifest in manifests)
            {
                table.AddRow(
                    new Text(manifest.Id ?? "-"),
                    new Text(names.Offering(manifest.Service_id)),
                    new Text(names.Plan(manifest.Plan_id)),
                    new Text(manifest.Manifest_type));
            }

            context.Console.Write(table);
            return 0;
        });
        return command;
    }
}
