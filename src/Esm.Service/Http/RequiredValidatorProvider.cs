using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;

namespace Esm.Service.Http;

/// <summary>
/// Checks the [Required] of the generated DTOs as MVC's DataAnnotations validator does, with the
/// same message, but without the ValidationContext (and its dictionary) that validator builds for
/// every required field of every request body.
/// </summary>
public sealed class RequiredValidatorProvider : IMetadataBasedModelValidatorProvider
{
    /// <summary>
    /// Saying which types have validators lets MVC skip the validation of object graphs without
    /// any (free-form JSON); a provider that cannot say it turns that off for every type.
    /// </summary>
    public bool HasValidators(Type modelType, IList<object> validatorMetadata) =>
        validatorMetadata.Any(metadata => metadata is RequiredAttribute);

    public void CreateValidators(ModelValidatorProviderContext context)
    {
        foreach (var item in context.Results)
        {
            if (item.Validator is null && item.ValidatorMetadata is RequiredAttribute required)
            {
                item.Validator = new RequiredValidator(required);
                item.IsReusable = true;
            }
        }
    }

    private sealed class RequiredValidator(RequiredAttribute attribute) : IModelValidator
    {
        public IEnumerable<ModelValidationResult> Validate(ModelValidationContext context) =>
            attribute.IsValid(context.Model)
                ? []
                : [new ModelValidationResult(null, attribute.FormatErrorMessage(context.ModelMetadata.GetDisplayName()))];
    }
}
