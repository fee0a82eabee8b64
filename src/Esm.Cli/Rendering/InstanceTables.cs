using System.Text.Json;
using Esm.Client;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Esm.Cli.Rendering;

/// <summary>
/// Instances as tables. Every value the broker sent is rendered as plain text, never as markup:
/// an instance's id or a backend's progress text must not restyle (or break) the terminal.
/// </summary>
public static class InstanceTables
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>esm status: one row per instance with its last operation and that operation's progress text.</summary>
    public static IRenderable Status(IReadOnlyCollection<InstanceSummary> instances, CatalogNames names)
    {
        if (instances.Count == 0)
        {
            return new Text("No instances.");
        }

        var table = new Table().Border(TableBorder.Simple)
            .AddColumns("INSTANCE", "OFFERING", "PLAN", "STATE", "LAST OPERATION", "PROGRESS", "UPDATED");
        foreach (var instance in instances)
        {
            var operation = instance.Last_operation;
            table.AddRow(
                new Text(instance.Instance_id),
                new Text(names.Offering(instance.Service_id)),
                new Text(names.Plan(instance.Plan_id)),
                new Text(instance.State),
                new Text(OperationText.Summary(operation), OperationText.StyleOf(operation.State)),
                new Text(operation.Description ?? "-"),
                new Text(OperationText.Time(instance.Updated_at ?? instance.Created_at)));
        }

        table.Caption($"{instances.Count} instance{(instances.Count == 1 ? string.Empty : "s")}");
        return table;
    }

    /// <summary>esm show: the instance, its operations, its bindings (the operator API never sends credentials) and the backend's live view.</summary>
    public static IRenderable Detail(InstanceDetail instance, CatalogNames names)
    {
        var facts = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        AddFact(facts, "instance", instance.Instance_id);
        AddFact(facts, "offering", $"{names.Offering(instance.Service_id)} ({instance.Service_id})");
        AddFact(facts, "plan", $"{names.Plan(instance.Plan_id)} ({instance.Plan_id})");
        AddFact(facts, "state", instance.State);
        AddFact(facts, "organization", instance.Organization_guid);
        AddFact(facts, "space", instance.Space_guid);
        AddFact(facts, "dashboard", instance.Dashboard_url);
        AddFact(facts, "maintenance", instance.Maintenance_version);
        AddFact(facts, "created", OperationText.Time(instance.Created_at));
        AddFact(facts, "updated", OperationText.Time(instance.Updated_at));
        AddFact(facts, "parameters", instance.Parameters is { Count: > 0 } parameters ? JsonSerializer.Serialize(parameters) : null);

        var operations = new Table().Border(TableBorder.Simple).Title("operations, oldest first")
            .AddColumns("OPERATION", "KIND", "STATE", "STARTED", "FINISHED", "DESCRIPTION");
        foreach (var operation in instance.Operations)
        {
            operations.AddRow(
                new Text(operation.Id),
                new Text(operation.Kind),
                new Text(OperationText.State(operation.State), OperationText.StyleOf(operation.State)),
                new Text(OperationText.Time(operation.Started_at)),
                new Text(OperationText.Time(operation.Finished_at)),
                new Text(operation.Description ?? "-"));
        }

        var parts = new List<IRenderable> { facts, operations };
        if (instance.Bindings.Count > 0)
        {
            var bindings = new Table().Border(TableBorder.Simple).Title("bindings")
                .AddColumns("BINDING", "STATE", "APP", "LAST OPERATION", "CREATED");
            foreach (var binding in instance.Bindings)
            {
                bindings.AddRow(
                    new Text(binding.Binding_id),
                    new Text(binding.State),
                    new Text(binding.App_guid ?? "-"),
                    new Text(OperationText.Summary(binding.Last_operation), OperationText.StyleOf(binding.Last_operation.State)),
                    new Text(OperationText.Time(binding.Created_at)));
            }

            parts.Add(bindings);
        }
        else
        {
            parts.Add(new Text("No bindings."));
        }

        if (instance.Live is { Count: > 0 } live)
        {
            parts.Add(new Panel(new Text(JsonSerializer.Serialize(live, Indented))).Header("live"));
        }

        return new Rows(parts);
    }

    private static void AddFact(Grid grid, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            grid.AddRow(new Text(name, new Style(decoration: Decoration.Bold)), new Text(value));
        }
    }
}
