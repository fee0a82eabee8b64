namespace Esm.Service.Tests.Support;

/// <summary>The ids of TestCatalog's offerings and plans, named for what each exercises.</summary>
public static class TestPlans
{
    public const string Service = "test-service";
    public const string Sync = "sync";
    public const string SyncB = "sync-b";
    public const string Async = "async";
    public const string Slow = "slow";
    public const string Interruptible = "interruptible";
    public const string FailProvision = "fail-provision";
    public const string FailSyncProvision = "fail-sync-provision";
    public const string FailUpdate = "fail-update";
    public const string RequiresApp = "requires-app";
    public const string Rotatable = "rotatable";
    public const string Fixed = "fixed";
    public const string NotBindable = "not-bindable";
    public const string NoContextService = "no-context";
    public const string NoContextPlan = "no-context-plan";
}
