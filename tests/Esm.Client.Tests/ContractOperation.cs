using System.Reflection;
using System.Text.Json;
using Esm.Client;
using YamlDotNet.RepresentationModel;

namespace Esm.Client.Tests;

/// <summary>
/// An operation of api.yaml with the responses it documents, and the generated client method
/// that calls it, invoked with placeholder arguments.
/// </summary>
public sealed record ContractOperation(string Id, string Method, string Path, IReadOnlyList<int> Statuses)
{
    private static readonly Type[] ClientTypes =
        [typeof(CatalogClient), typeof(ServiceInstancesClient), typeof(ServiceBindingsClient), typeof(OperatorCatalogClient), typeof(OperatorManifestsClient), typeof(OperatorInstancesClient)];

    /// <summary>Every operation of the contract the tests run with.</summary>
    public static IReadOnlyList<ContractOperation> All { get; } = Read(System.IO.Path.Combine(AppContext.BaseDirectory, "api.yaml"));

    /// <summary>The client method: <c>{operationId}Async</c>, the overload that takes a CancellationToken.</summary>
    public MethodInfo ClientMethod => ClientTypes
        .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance))
        .Single(method => method.Name == $"{Id}Async" && method.GetParameters().LastOrDefault()?.ParameterType == typeof(CancellationToken));

    /// <summary>The type of the body a success returns; null when it returns none.</summary>
    public Type? ResultType =>
        ClientMethod.ReturnType.GetGenericArguments()[0] is { IsGenericType: true } response ? response.GetGenericArguments()[0] : null;

    /// <summary>Calls the operation through a client on <paramref name="http"/>, with a placeholder for each argument.</summary>
    public async Task<object> InvokeAsync(HttpClient http, CancellationToken cancellationToken = default)
    {
        var method = ClientMethod;
        var client = Activator.CreateInstance(method.DeclaringType!, http)!;
        var arguments = method.GetParameters().Select(parameter => Placeholder(parameter.ParameterType, cancellationToken)).ToArray();
        var task = (Task)method.Invoke(client, arguments)!;
        await task;
        return task.GetType().GetProperty("Result")!.GetValue(task)!;
    }

    /// <summary>A body of <see cref="ResultType"/> that the client reads back: a default instance, or an empty list.</summary>
    public string SuccessBody() => ResultType switch
    {
        null => "{}",
        { IsGenericType: true } collection when collection.GetGenericTypeDefinition() == typeof(ICollection<>) => "[]",
        var type => JsonSerializer.Serialize(Activator.CreateInstance(type), type),
    };

    public override string ToString() => $"{Id} ({Method} {Path})";

    private static object? Placeholder(Type type, CancellationToken cancellationToken) => type switch
    {
        _ when type == typeof(CancellationToken) => cancellationToken,
        _ when type == typeof(string) => "x",
        _ when Nullable.GetUnderlyingType(type) is not null => null,
        { IsValueType: true } => Activator.CreateInstance(type),
        _ => Activator.CreateInstance(type),
    };

    private static IReadOnlyList<ContractOperation> Read(string contract)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(contract)));
        var paths = (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["paths"];
        var operations = new List<ContractOperation>();
        foreach (var (path, methods) in paths.Children)
        {
            foreach (var (method, operation) in ((YamlMappingNode)methods).Children)
            {
                if (operation is not YamlMappingNode definition || !definition.Children.ContainsKey("operationId"))
                {
                    continue;
                }

                var statuses = ((YamlMappingNode)definition["responses"]).Children.Keys
                    .Select(key => int.TryParse(((YamlScalarNode)key).Value, out var status) ? status : 0)
                    .Where(status => status > 0)
                    .ToList();
                operations.Add(new ContractOperation(((YamlScalarNode)definition["operationId"]).Value!, method.ToString().ToUpperInvariant(), path.ToString(), statuses));
            }
        }

        return operations;
    }
}
