using System.CommandLine;
using Esm.Cli.Connection;
using Esm.Cli.Rendering;
using Esm.Client;

namespace Esm.Cli.Commands;

/// <summary>esm status: every instance, a page at a time from the operator API, in one table.</summary>
public static class StatusCommand
{
    public static Command Create()
    {
        var service = new Option<string?>("--service") { Description = "Only the instances of this offering (its id)." };
        var plan = new Option<string?>("--plan") { Description = "Only the instances of this plan (its id)." };
        var pageSize = new Option<int>("--page-size")
        {
            Description = "Instances per request to the broker, 1 to 500; all pages are shown.",
            DefaultValueFactory = _ => 500,
        };
        pageSize.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 500)
            {
                result.AddError("--page-size must be between 1 and 500.");
            }
        });
        var command = new Command("status", "Every instance: offering, plan, state, last operation and its progress.") { service, plan, pageSize };
        CommandAction.Set(command, async (context, parse, cancellationToken) =>
        {
            var instances = await ListAsync(context.Broker, parse.GetValue(service), parse.GetValue(plan), parse.GetValue(pageSize), cancellationToken);
            return await context.WriteAsync(instances, names => InstanceTables.Status(instances, names), cancellationToken);
        });
        return command;
    }

    private static async Task<List<InstanceSummary>> ListAsync(BrokerConnection broker, string? serviceId, string? planId, int pageSize, CancellationToken cancellationToken)
    {
        var instances = new List<InstanceSummary>();
        string? pageToken = null;
        do
        {
            var page = (await broker.Instances.ListInstancesAsync(serviceId, planId, pageSize, pageToken, cancellationToken)).Result;
            instances.AddRange(page.Instances);
            pageToken = page.Next_page_token;
        }
        while (pageToken is not null);
        return instances;
    }
}
