using Esm.Service.Catalog;
using Esm.Service.Failures;
using Esm.Service.Hosting;
using Microsoft.Extensions.Options;

RegexMatchLimit.ApplyToProcess();
try
{
    // The content root is where the broker's files are (appsettings.json beside the dll), not the
    // directory it was started from: `dotnet run --project src/Esm.Service` starts in the repository.
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
    builder.AddEsm();
    var app = builder.Build();
    await app.LoadCatalogAsync();
    app.UseEsm();
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (e is StartupException or CatalogException or OptionsValidationException)
{
    // A broker with a wrong setting or catalog, or without its store, must not serve: say what is
    // wrong, and stop. Anything else is a bug, and keeps its stack trace.
    Console.Error.WriteLine(e.Message);
    return 1;
}

/// <summary>The entry point; public so that tests can host the broker in-process.</summary>
public partial class Program;
