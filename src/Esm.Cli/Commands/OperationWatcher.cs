using System.Globalization;
using System.Text.Json.Serialization;
using Esm.Cli.Connection;
using Esm.Cli.Rendering;
using Esm.Client;
using Spectre.Console;

namespace Esm.Cli.Commands;

/// <summary>
/// Follows one operation of an instance through the operator API until it ends: a line whenever
/// its state or progress text changes (a JSON object per line with --json), under a live spinner
/// on a terminal. Exit code 0 when it succeeded, or when a deprovision left the instance gone.
/// </summary>
public sealed class OperationWatcher(CommandContext context, TimeSpan interval)
{
    /// <param name="operationId">The operation to follow; the instance's latest when null.</param>
    public async Task<int> WatchAsync(string instanceId, string? operationId, CancellationToken cancellationToken)
    {
        if (context.Json || !context.Console.Profile.Capabilities.Interactive)
        {
            return await FollowAsync(instanceId, operationId, _ => { }, cancellationToken);
        }

        return await context.Console.Status().StartAsync(
            $"waiting for {instanceId}",
            status => FollowAsync(instanceId, operationId, text => status.Status(Markup.Escape(text)), cancellationToken));
    }

    private async Task<int> FollowAsync(string instanceId, string? operationId, Action<string> showStatus, CancellationToken cancellationToken)
    {
        string? shown = null;
        var seen = false;
        while (true)
        {
            InstanceDetail instance;
            try
            {
                instance = (await context.Broker.Instances.GetInstanceDetailAsync(instanceId, cancellationToken)).Result;
            }
            catch (BrokerApiException e) when (e.StatusCode == 404 && seen)
            {
                // A deprovision that succeeded between two looks: the record went with the instance.
                Report(new OperationEvent(instanceId, Operation: null, Gone: true), $"{instanceId} is gone: deprovisioned.", new Style(Color.Green));
                return 0;
            }

            seen = true;
            var operation = (operationId is null ? instance.Operations.LastOrDefault() : instance.Operations.FirstOrDefault(o => o.Id == operationId))
                ?? throw new UsageException($"Instance '{instanceId}' has no operation{(operationId is null ? string.Empty : $" '{operationId}'")}.");
            var line = $"{OperationText.Summary(operation)}: {operation.Description ?? "-"}";
            if (line != shown)
            {
                shown = line;
                showStatus(line);
                Report(new OperationEvent(instanceId, operation, Gone: null), line, OperationText.StyleOf(operation.State));
            }

            if (operation.State != LastOperationState.In_progress)
            {
                return operation.State == LastOperationState.Succeeded ? 0 : CommandAction.Failed;
            }

            await Task.Delay(interval, cancellationToken);
        }
    }

    private void Report(OperationEvent change, string line, Style style)
    {
        if (context.Json)
        {
            JsonOutput.WriteLine(context.Output, change);
            return;
        }

        var now = DateTimeOffset.UtcNow.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        context.Console.Write(new Text($"{now}  {line}{Environment.NewLine}", style));
    }

    /// <summary>One line of esm watch --json.</summary>
    private sealed record OperationEvent(
        [property: JsonPropertyName("instance_id")] string InstanceId,
        [property: JsonPropertyName("operation")] OperationRecord? Operation,
        [property: JsonPropertyName("gone")] bool? Gone);
}
