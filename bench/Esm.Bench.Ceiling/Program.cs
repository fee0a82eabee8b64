using System.Text;

// The ceiling of the stack on this machine: Kestrel and routing answering GET /v2/catalog with a
// fixed JSON body of a small catalog's size, and nothing else (no auth, no MVC, no store). The
// benchmark drives it exactly as it drives the broker; its requests/s is the reference of every
// ratio. The address comes from ASPNETCORE_URLS, set by the benchmark (always 127.0.0.1).
var body = Encoding.UTF8.GetBytes("""
    {"services":[{"id":"6a1e0c52-3f0b-4d8e-a3c4-1b9f7e2d5c01","name":"bench","description":"The benchmark's offering.","bindable":true,"instances_retrievable":true,"bindings_retrievable":true,"plans":[{"id":"6a1e0c52-3f0b-4d8e-a3c4-1b9f7e2d5c11","name":"sync","description":"Synchronous and bindable.","free":true},{"id":"6a1e0c52-3f0b-4d8e-a3c4-1b9f7e2d5c12","name":"async","description":"Asynchronous provision.","free":true}]}]}
    """);

var app = WebApplication.CreateBuilder(args).Build();
app.MapGet("/v2/catalog", (HttpContext context) =>
{
    context.Response.ContentType = "application/json";
    context.Response.ContentLength = body.Length;
    return context.Response.Body.WriteAsync(body).AsTask();
});
await app.RunAsync();
