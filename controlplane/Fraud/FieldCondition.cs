namespace ControlPlane.Fraud;

/// <summary>
/// One condition of a field or alert rule: the payment's <see cref="Field"/> (a sale document field, see
/// <see cref="PaymentFields"/>) equals one of <see cref="AnyOf"/>, without regard to case unless <see cref="IgnoreCase"/> is false.
/// A payment without the field does not match.
/// </summary>
public sealed record FieldCondition(string Field, IReadOnlyList<string> AnyOf, bool IgnoreCase)
{
    public bool Matches(PaymentFields payment) =>
        payment.Get(Field) is { } value
        && AnyOf.Any(v => string.Equals(v, value.Trim(), IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal));

    public string Describe(PaymentFields payment) =>
        $"{Field} is {payment.Get(Field)?.Trim()} (one of {string.Join(", ", AnyOf)}{(IgnoreCase ? ", any case" : "")})";
}
