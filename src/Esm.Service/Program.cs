using Esm.Service.Catalog;
using Esm.Service.Hosting;

RegexMatchLimit.ApplyToProcess();
var builder = WebApplication.CreateBuilder(args);
builder.AddEsm();
var app = builder.Build();
try
{
    await app.LoadCatalogAsync();
}
catch (CatalogException e)
{
    // A broker with a wrong catalog must not serve it: say what is wrong, and stop.
    Console.Error.WriteLine(e.Message);
    return 1;
}

app.UseEsm();
await app.RunAsync();
return 0;

/// <summary>The entry point; public so that tests can host the broker in-process.</summary>
public partial class Program;
