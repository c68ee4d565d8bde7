using ControlPlane.Fraud;

namespace ControlPlane.Streaming;

/// <summary>The fields of a payment the field and alert rules see.</summary>
public static class AlertFacts
{
    public static PaymentFields Of(Payment p) => new(p.Platform, p.StoreId, p.PaymentType, p.Recipient);
}
