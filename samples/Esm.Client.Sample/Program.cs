using Esm.Client.Sample;

// Usage: dotnet run --project samples/Esm.Client.Sample [broker-url] [username] [password] [service] [plan]
var broker = new Uri(args.ElementAtOrDefault(0) ?? "http://127.0.0.1:8080");
var username = args.ElementAtOrDefault(1) ?? "broker";
var password = args.ElementAtOrDefault(2) ?? "broker-secret";
var service = args.ElementAtOrDefault(3) ?? "dream";
var plan = args.ElementAtOrDefault(4) ?? "large";
await LifecycleSample.RunAsync(broker, username, password, service, plan, Console.Out);
