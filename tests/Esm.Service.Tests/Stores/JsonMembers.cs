using System.Reflection;
using System.Text.Json.Nodes;
using Esm.Service.Model;

namespace Esm.Service.Tests.Stores;

/// <summary>
/// The JSON nodes a record holds, found by reflection through its nested model records and lists
/// of them, so that a test covers a JSON member added to a record without being told of it.
/// </summary>
public static class JsonMembers
{
    /// <summary>Every property of a JSON node type that a record of <paramref name="type"/> can hold, as "Type.Property".</summary>
    public static ISet<string> DeclaredIn(Type type)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var visited = new HashSet<Type>();
        var pending = new Stack<Type>([type]);
        while (pending.TryPop(out var current))
        {
            if (!visited.Add(current))
            {
                continue;
            }

            foreach (var property in PropertiesOf(current))
            {
                if (typeof(JsonNode).IsAssignableFrom(property.PropertyType))
                {
                    found.Add(NameOf(property));
                }
                else if (ModelTypeIn(property.PropertyType) is { } nested)
                {
                    pending.Push(nested);
                }
            }
        }

        return found;
    }

    /// <summary>The JSON nodes <paramref name="value"/> holds, with the property that holds each.</summary>
    public static IReadOnlyList<(string Member, JsonNode Node)> FoundIn(object value)
    {
        var found = new List<(string, JsonNode)>();
        var pending = new Stack<object>([value]);
        while (pending.TryPop(out var current))
        {
            foreach (var property in PropertiesOf(current.GetType()))
            {
                var held = property.GetValue(current);
                if (held is JsonNode node)
                {
                    found.Add((NameOf(property), node));
                }
                else if (held is not null && ModelTypeIn(property.PropertyType) is not null)
                {
                    foreach (var item in held is System.Collections.IEnumerable items ? items.Cast<object>() : [held])
                    {
                        pending.Push(item);
                    }
                }
            }
        }

        return found;
    }

    /// <summary>Changes every JSON object and array <paramref name="value"/> holds, as a careless caller would.</summary>
    public static void Mutate(object value)
    {
        foreach (var (_, node) in FoundIn(value))
        {
            switch (node)
            {
                case JsonObject jsonObject:
                    jsonObject["mutated"] = true;
                    jsonObject.Remove("nested");
                    break;
                case JsonArray array:
                    array.Add("mutated");
                    break;
            }
        }
    }

    private static IEnumerable<PropertyInfo> PropertiesOf(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0);

    private static string NameOf(PropertyInfo property) => $"{property.DeclaringType!.Name}.{property.Name}";

    /// <summary>The model record a property holds, directly or as the items of a list; null for anything else.</summary>
    private static Type? ModelTypeIn(Type type)
    {
        var item = type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0] ?? type;
        return item.IsClass && item.Namespace == typeof(ServiceInstanceRecord).Namespace ? item : null;
    }
}
