namespace ControlPlane.Api;

/// <summary>A query parameter the API cannot accept; answered with 400 problem+json naming <see cref="Parameter"/>.</summary>
public sealed class ParameterException(string parameter, string problem) : Exception($"{parameter}: {problem}")
{
    public string Parameter { get; } = parameter;
    /// <summary>What is wrong with it, without the parameter's name.</summary>
    public string Problem { get; } = problem;
}
