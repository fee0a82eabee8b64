using Esm.Cli.Connection;
using Esm.Cli.Rendering;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Esm.Cli.Commands;

/// <summary>What a command runs with: the broker's operator clients and where its output goes.</summary>
public sealed record CommandContext(BrokerConnection Broker, bool Json, IAnsiConsole Console, TextWriter Output)
{
    /// <summary>With --json the value as the API sent it; else the table <paramref name="render"/> makes, with offering and plan names.</summary>
    public async Task<int> WriteAsync<T>(T value, Func<CatalogNames, IRenderable> render, CancellationToken cancellationToken)
    {
        if (Json)
        {
            JsonOutput.Write(Output, value);
            return 0;
        }

        var names = CatalogNames.Of((await Broker.Catalog.ListServiceTypesAsync(cancellationToken)).Result);
        Console.Write(render(names));
        return 0;
    }
}
