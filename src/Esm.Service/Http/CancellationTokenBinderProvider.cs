using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Esm.Service.Http;

/// <summary>
/// Binds the CancellationToken parameter of the generated controllers to RequestAborted, as MVC's
/// binder does, but without registering the boxed token in the validation state to exempt it
/// from validation: that entry costs a dictionary and an identity hash of a new object on every
/// request, and a token has nothing to validate anyway (MVC suppresses its children).
/// </summary>
public sealed class CancellationTokenBinderProvider : IModelBinderProvider
{
    private static readonly IModelBinder Binder = new RequestAbortedBinder();

    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        context.Metadata.ModelType == typeof(CancellationToken) ? Binder : null;

    private sealed class RequestAbortedBinder : IModelBinder
    {
        public Task BindModelAsync(ModelBindingContext bindingContext)
        {
            bindingContext.Result = ModelBindingResult.Success(bindingContext.HttpContext.RequestAborted);
            return Task.CompletedTask;
        }
    }
}
