using System.CommandLine;
using Esm.Cli.Rendering;

namespace Esm.Cli.Commands;

/// <summary>esm show ID: one instance with its operations, bindings and the backend's live view.</summary>
public static class ShowCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("instance-id") { Description = "The instance's id." };
        var command = new Command("show", "One instance: what the platform asked, its operations, its bindings (never their credentials) and the backend's live view.") { id };
        CommandAction.Set(command, async (context, parse, cancellationToken) =>
        {
            var instance = (await context.Broker.Instances.GetInstanceDetailAsync(parse.GetRequiredValue(id), cancellationToken)).Result;
            return await context.WriteAsync(instance, names => InstanceTables.Detail(instance, names), cancellationToken);
        });
        return command;
    }
}
