using BenchmarkDotNet.Running;
using Esm.Bench.Json;

// dotnet run -c Release --project bench/Esm.Bench.Json
BenchmarkRunner.Run<JsonBodies>(args: args);
