namespace Esm.Service.Failures;

/// <summary>
/// The OSB status code and error code of each failure. Error codes are the spec's where it names
/// one; the others are camel-case words of this broker, as the spec asks of every `error` value.
/// </summary>
public static class BrokerFailureMapping
{
    public static (int StatusCode, string ErrorCode) ToHttp(BrokerFailure failure) => failure switch
    {
        BrokerFailure.BadRequest => (400, "BadRequest"),
        BrokerFailure.NotAuthenticated => (401, "NotAuthenticated"),
        BrokerFailure.NotAuthorized => (403, "NotAuthorized"),
        BrokerFailure.NotFound => (404, "NotFound"),
        BrokerFailure.AlreadyExists => (409, "AlreadyExists"),
        BrokerFailure.InUse => (409, "InUse"),
        BrokerFailure.ResourceGone => (410, "ResourceGone"),
        BrokerFailure.UnsupportedApiVersion => (412, "UnsupportedApiVersion"),
        BrokerFailure.RequestTooLarge => (413, "RequestTooLarge"),
        BrokerFailure.TooManyFailedLogins => (429, "TooManyFailedLogins"),
        BrokerFailure.AsyncRequired => (422, "AsyncRequired"),
        BrokerFailure.ConcurrencyError => (422, "ConcurrencyError"),
        BrokerFailure.RequiresApp => (422, "RequiresApp"),
        BrokerFailure.MaintenanceInfoConflict => (422, "MaintenanceInfoConflict"),
        BrokerFailure.UnsupportedChange => (422, "UnsupportedChange"),
        BrokerFailure.BackendFailed => (500, "BackendFailed"),
        BrokerFailure.RecordUnreadable => (500, "RecordUnreadable"),
        _ => throw new ArgumentOutOfRangeException(nameof(failure), failure, null),
    };
}
