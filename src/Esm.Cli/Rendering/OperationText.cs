using System.Globalization;
using Esm.Client;
using Spectre.Console;

namespace Esm.Cli.Rendering;

/// <summary>How an operation reads in a table or a progress line.</summary>
public static class OperationText
{
    public static string State(LastOperationState state) => state switch
    {
        LastOperationState.In_progress => "in progress",
        LastOperationState.Succeeded => "succeeded",
        _ => "failed",
    };

    public static Style StyleOf(LastOperationState state) => state switch
    {
        LastOperationState.In_progress => new Style(Color.Yellow),
        LastOperationState.Succeeded => new Style(Color.Green),
        _ => new Style(Color.Red),
    };

    /// <summary>"provision in progress".</summary>
    public static string Summary(OperationRecord operation) => $"{operation.Kind} {State(operation.State)}";

    public static string Time(DateTimeOffset? time) =>
        time?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-";
}
