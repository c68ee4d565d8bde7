using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ControlPlane.Api;

/// <summary>
/// The query parameters an endpoint takes are the <see cref="FromQueryAttribute"/> names of its parameter type;
/// any other parameter is answered with 400 naming it. Values arrive as text and are read here, so every bad value
/// is a 400 that names the parameter rather than a binding failure.
/// </summary>
public static class QueryParameters
{
    /// <summary>Adds the filter that rejects query parameters <typeparamref name="T"/> does not declare.</summary>
    public static RouteHandlerBuilder AllowOnlyQueryOf<T>(this RouteHandlerBuilder builder)
    {
        var allowed = typeof(T).GetProperties()
            .Select(p => p.GetCustomAttribute<FromQueryAttribute>()?.Name).OfType<string>()
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var list = string.Join(", ", allowed.Order(StringComparer.Ordinal));
        return builder.AddEndpointFilter(async (context, next) =>
        {
            var unknown = context.HttpContext.Request.Query.Keys.FirstOrDefault(k => !allowed.Contains(k));
            if (unknown is not null)
                return ApiProblems.BadParameter(unknown, $"unknown query parameter; this endpoint takes {(list.Length == 0 ? "none" : list)}");
            return await next(context).ConfigureAwait(false);
        });
    }

    public static int Size(string? text, int defaultSize = 100, int max = 1000)
    {
        if (text is null) return defaultSize;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size < 1 || size > max)
            throw new ParameterException("size", $"must be a whole number from 1 to {max}, not '{text}'");
        return size;
    }

    public static decimal? Amount(string parameter, string? text)
    {
        if (text is null) return null;
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount))
            throw new ParameterException(parameter, $"must be a number like 1250.50, not '{text}'");
        return amount;
    }

    /// <summary>A plain keyword filter value; blank counts as not given.</summary>
    public static string? Keyword(string parameter, string? text, int maxLength = 256)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (text.Length > maxLength) throw new ParameterException(parameter, $"longer than {maxLength} characters");
        return text.Trim();
    }
}
