namespace Esm.Service.Stores.Mongo.Native;

/// <summary>
/// A MongoDB operation failed, either on the server (a command error, a write error) or in the C driver
/// (no server selectable, network failure). <see cref="Domain"/> and <see cref="Code"/> are libmongoc's
/// <c>bson_error_t</c> fields: for server errors the domain is <see cref="ServerDomain"/> and the code is the
/// server's error code (for example 11000 for a duplicate key).
/// </summary>
public sealed class MongoException : Exception
{
    /// <summary>libmongoc's <c>MONGOC_ERROR_SERVER</c>: the error was reported by the server.</summary>
    public const int ServerDomain = 17;

    /// <summary>libmongoc's <c>MONGOC_ERROR_SERVER_SELECTION</c>: no suitable server answered in time.</summary>
    public const int ServerSelectionDomain = 15;

    /// <summary>Creates the exception from the driver's or server's message, domain and code.</summary>
    public MongoException(string message, int domain, int code)
        : base(message)
    {
        Domain = domain;
        Code = code;
    }

    /// <summary>The libmongoc error domain (<c>mongoc_error_domain_t</c>).</summary>
    public int Domain { get; }

    /// <summary>The server's error code when <see cref="Domain"/> is <see cref="ServerDomain"/>, else libmongoc's <c>mongoc_error_code_t</c>.</summary>
    public int Code { get; }
}
