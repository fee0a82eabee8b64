using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Esm.Service.Http;

/// <summary>
/// Binds the string route and query parameters of the generated controllers (the ids, service_id,
/// plan_id, operation) as MVC's simple-type binder does: from the same value providers, the first
/// value, blank is null. That binder also records each value in ModelState, a node and its key
/// per parameter of every request, for nothing: no one reads the recorded values, and a string
/// cannot fail to bind.
/// </summary>
public sealed class StringValueModelBinderProvider : IModelBinderProvider
{
    private static readonly IModelBinder Binder = new StringValueModelBinder();

    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        context.Metadata.ModelType == typeof(string)
        && context.BindingInfo.BinderType is null
        && (context.BindingInfo.BindingSource is null || context.BindingInfo.BindingSource == BindingSource.Path || context.BindingInfo.BindingSource == BindingSource.Query)
            ? Binder
            : null;

    private sealed class StringValueModelBinder : IModelBinder
    {
        public Task BindModelAsync(ModelBindingContext bindingContext)
        {
            var values = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
            if (values != ValueProviderResult.None)
            {
                var value = values.FirstValue;
                bindingContext.Result = ModelBindingResult.Success(string.IsNullOrWhiteSpace(value) && bindingContext.ModelMetadata.ConvertEmptyStringToNull ? null : value);
            }

            return Task.CompletedTask;
        }
    }
}
