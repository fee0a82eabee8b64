namespace Esm.Service.Failures;

/// <summary>
/// Every way a broker request can be refused. <see cref="BrokerFailureMapping"/> is the one place
/// that turns them into HTTP status codes and OSB error codes. The domain throws them (as
/// <see cref="BrokerException"/>) and the HTTP edge answers them: both depend on this module,
/// neither on the other.
/// </summary>
public enum BrokerFailure
{
    /// <summary>Malformed, missing or invalid data (400).</summary>
    BadRequest,

    /// <summary>No credentials or wrong ones (401).</summary>
    NotAuthenticated,

    /// <summary>Authenticated, but not as the principal this endpoint serves (403).</summary>
    NotAuthorized,

    /// <summary>No such resource, or it is still being created (404).</summary>
    NotFound,

    /// <summary>The id exists with different attributes, or failed and must be deleted first (409).</summary>
    AlreadyExists,

    /// <summary>What an operator would remove or change still realises instances (409).</summary>
    InUse,

    /// <summary>No such resource on delete; or its asynchronous delete finished (410).</summary>
    ResourceGone,

    /// <summary>The version header is missing, malformed or not 2.x (412).</summary>
    UnsupportedApiVersion,

    /// <summary>Too many failed logins from the client's address (429).</summary>
    TooManyFailedLogins,

    /// <summary>The request body is over the configured limit (413).</summary>
    RequestTooLarge,

    /// <summary>The operation can only run asynchronously and accepts_incomplete is missing (422).</summary>
    AsyncRequired,

    /// <summary>Another operation on the resource is in progress (422).</summary>
    ConcurrencyError,

    /// <summary>The plan needs an app_guid (422).</summary>
    RequiresApp,

    /// <summary>maintenance_info.version differs from the catalog's (422).</summary>
    MaintenanceInfoConflict,

    /// <summary>A change this broker or plan does not support, e.g. a plan change on a non-updateable plan (422).</summary>
    UnsupportedChange,

    /// <summary>The backend failed to carry out a synchronous operation (500).</summary>
    BackendFailed,

    /// <summary>A stored record the request needs cannot be read: the store is damaged there (500).</summary>
    RecordUnreadable,
}
