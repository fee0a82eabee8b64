using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Esm.Cli.Catalog;
using Esm.Cli.Connection;
using Esm.Cli.Rendering;
using Esm.Client;
using Spectre.Console;

namespace Esm.Cli.Commands;

/// <summary>esm catalog list|apply|remove: the service types the operator API registers.</summary>
public static class CatalogCommand
{
    public static Command Create() => new("catalog", "The service types (offerings with their plans and manifests) the broker serves.")
    {
        List(),
        Apply(),
        Remove(),
    };

    private static Command List()
    {
        var command = new Command("list", "Every service type, with its plans and where it was declared.");
        CommandAction.Set(command, async (context, _, cancellationToken) =>
        {
            var serviceTypes = (await context.Broker.Catalog.ListServiceTypesAsync(cancellationToken)).Result;
            if (context.Json)
            {
                JsonOutput.Write(context.Output, serviceTypes);
                return 0;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumns("OFFERING", "ID", "PLANS", "ORIGIN");
            foreach (var serviceType in serviceTypes)
            {
                table.AddRow(
                    new Text(serviceType.Name),
                    new Text(serviceType.Id),
                    new Text(string.Join(", ", serviceType.Plans.Select(plan => plan.Name))),
                    new Text(serviceType.Origin ?? "-"));
            }

            context.Console.Write(table);
            return 0;
        });
        return command;
    }

    private static Command Apply()
    {
        var folder = new Argument<string>("folder") { Description = "A folder with a service.yaml (and the manifest files it names), or a folder of such folders." };
        var command = new Command("apply", "Register the offerings of a catalog folder, or replace them, through the operator API.") { folder };
        CommandAction.Set(command, async (context, parse, cancellationToken) =>
        {
            var outcomes = new List<Applied>();
            foreach (var (source, declared) in CatalogFolderReader.Read(parse.GetRequiredValue(folder)))
            {
                var serviceType = AsServiceType(source, declared);
                try
                {
                    var response = await context.Broker.Catalog.RegisterServiceTypeAsync(serviceType, cancellationToken);
                    outcomes.Add(new Applied(source, serviceType.Id, serviceType.Name, response.StatusCode == 201 ? "registered" : "replaced", Error: null));
                }
                catch (BrokerApiException e)
                {
                    outcomes.Add(new Applied(source, serviceType.Id, serviceType.Name, "refused", e.Message));
                }
            }

            if (context.Json)
            {
                JsonOutput.Write(context.Output, outcomes);
            }
            else
            {
                foreach (var outcome in outcomes)
                {
                    var line = outcome.Error is null
                        ? $"{outcome.Result} {outcome.Name} ({outcome.ServiceId}) from {outcome.Source}"
                        : $"refused {outcome.Name} ({outcome.ServiceId}) from {outcome.Source}: {outcome.Error}";
                    context.Console.Write(new Text(line + Environment.NewLine, new Style(outcome.Error is null ? Color.Green : Color.Red)));
                }
            }

            return outcomes.Any(outcome => outcome.Error is not null) ? CommandAction.Failed : 0;
        });
        return command;
    }

    private static Command Remove()
    {
        var id = new Argument<string>("service-id") { Description = "The service type's id." };
        var command = new Command("remove", "Remove a service type and its manifests; the broker refuses while it has instances.") { id };
        CommandAction.Set(command, async (context, parse, cancellationToken) =>
        {
            var serviceId = parse.GetRequiredValue(id);
            await context.Broker.Catalog.RemoveServiceTypeAsync(serviceId, cancellationToken);
            if (context.Json)
            {
                JsonOutput.Write(context.Output, new Removed(serviceId));
            }
            else
            {
                context.Console.Write(new Text($"removed {serviceId}{Environment.NewLine}"));
            }

            return 0;
        });
        return command;
    }

    private static ServiceType AsServiceType(string source, System.Text.Json.Nodes.JsonObject declared)
    {
        try
        {
            return declared.Deserialize<ServiceType>() ?? throw new UsageException($"{source}: empty.");
        }
        catch (JsonException e)
        {
            throw new UsageException($"{source}: {e.Message}");
        }
    }

    private sealed record Applied(
        [property: JsonPropertyName("source")] string Source,
        [property: JsonPropertyName("service_id")] string ServiceId,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("result")] string Result,
        [property: JsonPropertyName("error")] string? Error);

    private sealed record Removed([property: JsonPropertyName("removed")] string ServiceId);
}
