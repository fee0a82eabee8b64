using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Esm.Service.Http;

/// <summary>
/// Binds the string header parameters of the generated controllers (X-Broker-API-Version,
/// the request and originating identities, If-None-Match) straight from the request, as MVC's
/// header binder does for them: absent is unbound, several values are read joined with commas,
/// blank is null. MVC's binder gets there through a nested binding scope, a value provider and
/// the simple-type binder for each header of each request.
/// </summary>
public sealed class StringHeaderModelBinderProvider : IModelBinderProvider
{
    private static readonly IModelBinder Binder = new StringHeaderModelBinder();

    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        context.Metadata.ModelType == typeof(string) && context.BindingInfo.BindingSource?.CanAcceptDataFrom(BindingSource.Header) == true
            ? Binder
            : null;

    private sealed class StringHeaderModelBinder : IModelBinder
    {
        public Task BindModelAsync(ModelBindingContext bindingContext)
        {
            var values = bindingContext.HttpContext.Request.Headers[bindingContext.FieldName];
            if (values.Count > 0)
            {
                var value = values.ToString();
                bindingContext.Result = ModelBindingResult.Success(string.IsNullOrWhiteSpace(value) && bindingContext.ModelMetadata.ConvertEmptyStringToNull ? null : value);
            }

            return Task.CompletedTask;
        }
    }
}
