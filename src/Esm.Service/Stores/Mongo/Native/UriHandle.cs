using Microsoft.Win32.SafeHandles;

namespace Esm.Service.Stores.Mongo.Native;

/// <summary>Owns a parsed connection string (<c>mongoc_uri_t</c>).</summary>
internal sealed class UriHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private UriHandle()
        : base(ownsHandle: true)
    {
    }

    /// <exception cref="ArgumentException">libmongoc rejects the connection string; carries its reason.</exception>
    public static UriHandle Parse(string connectionString, string parameterName)
    {
        var uri = new UriHandle();
        uri.SetHandle(LibMongoc.mongoc_uri_new_with_error(connectionString, out BsonError error));
        if (uri.IsInvalid)
        {
            uri.Dispose();
            throw new ArgumentException($"Not a valid MongoDB connection string: {error.MessageText}", parameterName);
        }

        return uri;
    }

    /// <summary>The option's value, or null when the connection string does not set it.</summary>
    public int? GetInt32Option(string option)
    {
        // Every integer option libmongoc knows is non-negative, so -1 cannot be a value that was set.
        int value = LibMongoc.mongoc_uri_get_option_as_int32(this, option, -1);
        return value == -1 ? null : value;
    }

    public void SetInt32Option(string option, int value)
    {
        if (!LibMongoc.mongoc_uri_set_option_as_int32(this, option, value))
        {
            throw new InvalidOperationException($"libmongoc refused to set the URI option {option}={value}.");
        }
    }

    protected override bool ReleaseHandle()
    {
        LibMongoc.mongoc_uri_destroy(handle);
        return true;
    }
}
