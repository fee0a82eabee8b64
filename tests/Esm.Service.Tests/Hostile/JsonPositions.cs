using System.Text.Json.Nodes;

namespace Esm.Service.Tests.Hostile;

/// <summary>Every place a value sits in a JSON document, and replacing the value at one of them.</summary>
public static class JsonPositions
{
    /// <summary>The paths of every value (object members and array items at any depth), the root included as the empty path.</summary>
    public static IReadOnlyList<IReadOnlyList<object>> All(JsonNode? root)
    {
        var positions = new List<IReadOnlyList<object>>();
        Collect(root, [], positions);
        return positions;
    }

    public static JsonNode? At(JsonNode? root, IReadOnlyList<object> path) =>
        path.Aggregate(root, (node, step) => step is string name ? node![name] : node![(int)step]);

    /// <summary>A copy of <paramref name="root"/> with <paramref name="value"/> at <paramref name="path"/>.</summary>
    public static JsonNode? With(JsonNode? root, IReadOnlyList<object> path, JsonNode? value)
    {
        if (path.Count == 0)
        {
            return value;
        }

        var copy = root!.DeepClone();
        var parent = At(copy, path.Take(path.Count - 1).ToList())!;
        if (path[^1] is string name)
        {
            parent[name] = value;
        }
        else
        {
            parent[(int)path[^1]] = value;
        }

        return copy;
    }

    private static void Collect(JsonNode? node, List<object> path, List<IReadOnlyList<object>> positions)
    {
        positions.Add([.. path]);
        switch (node)
        {
            case JsonObject members:
                foreach (var (name, value) in members)
                {
                    Collect(value, [.. path, name], positions);
                }

                break;
            case JsonArray items:
                for (var index = 0; index < items.Count; index++)
                {
                    Collect(items[index], [.. path, index], positions);
                }

                break;
        }
    }
}
