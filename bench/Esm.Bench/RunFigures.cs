namespace Esm.Bench;

/// <summary>The figures of one server process as a whole, shown on the first row of its run.</summary>
internal sealed record RunFigures(StartupTimes Startup, TimeSpan CpuTotal, string StoreSize);
