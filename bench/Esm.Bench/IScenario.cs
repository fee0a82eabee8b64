namespace Esm.Bench;

/// <summary>What the workers of a scenario do, over and over until its time is up.</summary>
internal interface IScenario
{
    /// <summary>The name in the table and in --scenarios.</summary>
    string Name { get; }

    /// <summary>One iteration: one request, or a sequence of them (the lifecycle).</summary>
    Task RunOnceAsync(ScenarioWorker worker, CancellationToken cancellationToken);
}
