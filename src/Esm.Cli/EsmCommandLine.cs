using System.CommandLine;
using Esm.Cli.Commands;

namespace Esm.Cli;

/// <summary>The <c>esm</c> command tree: every command takes the broker's address and --json.</summary>
public static class EsmCommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand("esm: see and steer an ESM for .NET broker through its operator API (/v2/et).")
        {
            GlobalOptions.Url,
            GlobalOptions.Json,
            StatusCommand.Create(),
            ShowCommand.Create(),
            WatchCommand.Create(),
            RecreateCommand.Create(),
            CatalogCommand.Create(),
            ManifestsCommand.Create(),
        };
        return root;
    }
}
