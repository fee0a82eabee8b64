using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Esm.Service.Http;

/// <summary>
/// Binds the string parameters of the generated controllers as MVC's binders do, with fewer steps
/// per request:
/// <list type="bullet">
/// <item>headers (X-Broker-API-Originating-Identity, If-None-Match) straight from the request:
/// absent is unbound, several values are read joined with commas. MVC's header binder gets there
/// through a nested binding scope, a value provider and the simple-type binder for each header.</item>
/// <item>route and query values (the ids, service_id, plan_id, operation) from the same value
/// providers, the first value, without recording each in ModelState as MVC's simple-type binder
/// does: no one reads the recorded values, and a string cannot fail to bind.</item>
/// </list>
/// Either way a blank value is null, as MVC makes it.
/// </summary>
public sealed class StringModelBinderProvider : IModelBinderProvider
{
    private static readonly IModelBinder HeaderBinder = new StringBinder(ReadHeader);

    private static readonly IModelBinder ValueBinder = new StringBinder(ReadValue);

    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        if (context.Metadata.ModelType != typeof(string))
        {
            return null;
        }

        var source = context.BindingInfo.BindingSource;
        if (source?.CanAcceptDataFrom(BindingSource.Header) == true)
        {
            return HeaderBinder;
        }

        return context.BindingInfo.BinderType is null && (source is null || source == BindingSource.Path || source == BindingSource.Query)
            ? ValueBinder
            : null;
    }

    private static bool ReadHeader(ModelBindingContext context, out string? value)
    {
        var values = context.HttpContext.Request.Headers[context.FieldName];
        value = values.Count > 0 ? values.ToString() : null;
        return values.Count > 0;
    }

    private static bool ReadValue(ModelBindingContext context, out string? value)
    {
        var values = context.ValueProvider.GetValue(context.ModelName);
        value = values.FirstValue;
        return values != ValueProviderResult.None;
    }

    private delegate bool ValueReader(ModelBindingContext context, out string? value);

    private sealed class StringBinder(ValueReader read) : IModelBinder
    {
        public Task BindModelAsync(ModelBindingContext bindingContext)
        {
            if (read(bindingContext, out var value))
            {
                bindingContext.Result = ModelBindingResult.Success(string.IsNullOrWhiteSpace(value) && bindingContext.ModelMetadata.ConvertEmptyStringToNull ? null : value);
            }

            return Task.CompletedTask;
        }
    }
}
