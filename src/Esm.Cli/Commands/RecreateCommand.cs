using System.CommandLine;
using System.Text.Json.Serialization;
using Esm.Cli.Rendering;
using Spectre.Console;

namespace Esm.Cli.Commands;

/// <summary>esm recreate ID [--wait]: re-creates the instance's backend resources from its stored request.</summary>
public static class RecreateCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("instance-id") { Description = "The instance's id." };
        var wait = new Option<bool>("--wait") { Description = "Follow the recreation until it ends, as esm watch does." };
        var command = new Command("recreate", "Re-create the instance's backend resources from the request that provisioned it.") { id, wait, WatchCommand.Interval };
        CommandAction.Set(command, async (context, parse, cancellationToken) =>
        {
            var instanceId = parse.GetRequiredValue(id);
            var operationId = (await context.Broker.Instances.RecreateInstanceAsync(instanceId, cancellationToken)).Result.Operation;
            if (parse.GetValue(wait))
            {
                return await new OperationWatcher(context, WatchCommand.IntervalOf(parse)).WatchAsync(instanceId, operationId, cancellationToken);
            }

            if (context.Json)
            {
                JsonOutput.Write(context.Output, new Started(instanceId, operationId));
            }
            else
            {
                context.Console.Write(new Text($"Recreating {instanceId}: operation {operationId}. Follow it with: esm watch {instanceId}{Environment.NewLine}"));
            }

            return 0;
        });
        return command;
    }

    private sealed record Started(
        [property: JsonPropertyName("instance_id")] string InstanceId,
        [property: JsonPropertyName("operation")] string? Operation);
}
