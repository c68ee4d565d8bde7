using ControlPlane.Assets;
using ControlPlane.Fraud;

namespace ControlPlane.Tests.Streaming;

public sealed class PaymentRuleTests : IDisposable
{
    private static readonly AssetRoot Repository = new(TestSupport.RepositoryRoot.Path);
    private readonly string _dir = Directory.CreateTempSubdirectory("payment-rules-").FullName;
    private AssetRoot Root => new(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static PaymentToCheck Payment(string type, string who, FraudCandidate? aov = null) => new(new PaymentFields("payments", null, type, who), aov);

    private static PaymentOutcome[] CheckWithRepositoryRules(params PaymentToCheck[] payments) =>
        PaymentCheck.Check(PaymentRuleCatalog.LoadFieldRules(Repository), FraudRuleCatalog.LoadEnabled(Repository),
            PaymentRuleCatalog.LoadAlertRules(Repository), payments, FraudLookup.Empty);

    [Fact]
    public void TheRepositoryHoldsTheSeedsPaymentTypeRuleAndStrangerAlertBesideTheAovRule()
    {
        var field = Assert.Single(PaymentRuleCatalog.LoadFieldRules(Repository));
        var alert = Assert.Single(PaymentRuleCatalog.LoadAlertRules(Repository));

        Assert.Equal(("payment-type", 1), (field.Name, field.Version));
        Assert.Equal(("stranger-alert", 1, true), (alert.Name, alert.Version, alert.WhenFlagged));
        Assert.Equal("aov-spike-repeat", Assert.Single(FraudRuleCatalog.Load(Repository)).Name);
        Assert.Empty(new PaymentRuleAssetCheck().Check(Repository));
    }

    [Fact]
    public void ABitcoinPaymentIsFlaggedWhateverItsCaseAndACardPaymentIsNot()
    {
        var outcomes = CheckWithRepositoryRules(Payment("BITCOIN", "ME"), Payment("bitcoin", "MOM"), Payment("VISA", "ME"), Payment("MASTERCARD", "STRANGER"));

        Assert.Equal(["payment-type", "payment-type", null, null], outcomes.Select(o => o.Verdict?.RuleId));
        Assert.Equal(1, outcomes[0].Verdict!.RuleVersion);
    }

    [Fact]
    public void AnAlertFiresExactlyForAFlaggedPaymentToAStranger()
    {
        var outcomes = CheckWithRepositoryRules(
            Payment("BITCOIN", "STRANGER"), Payment("BITCOIN", "stranger"), Payment("BITCOIN", "FRIEND"), Payment("VISA", "STRANGER"));

        Assert.Equal([1, 1, 0, 0], outcomes.Select(o => o.Alerts.Count));
        Assert.Equal("stranger-alert", outcomes[0].Alerts[0].Name);
    }

    [Fact]
    public void TheAovRuleChecksAStreamedPaymentThatCarriesAStoreAndACard()
    {
        var day = new DateOnly(2026, 11, 21);
        DateTimeOffset At(int hour) => new(day.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.FromHours(9));
        FraudCandidate Sale(string id, int hour) => new(id, "store-1", "card-fp", 500m, At(hour), day);
        var earlier = new[] { Sale("payments-0-1", 9), Sale("payments-0-2", 10) };
        var lookup = new FraudLookup(new Dictionary<(string, DateOnly), double> { [("store-1", day.AddDays(-1))] = 100 }, earlier);

        var outcomes = PaymentCheck.Check([], FraudRuleCatalog.LoadEnabled(Repository), [],
            [new PaymentToCheck(new PaymentFields("payments", "store-1", "VISA", "ME"), Sale("payments-0-3", 11)), Payment("VISA", "ME")], lookup);

        Assert.Equal(("aov-spike-repeat", 3), (outcomes[0].Verdict?.RuleId, outcomes[0].Verdict?.RepeatCount));
        Assert.Null(outcomes[1].Verdict);
    }

    [Fact]
    public void AFieldRuleNamingAFieldPaymentsDoNotHaveIsAProblemWithItsLine()
    {
        Directory.CreateDirectory(Root.FraudRules);
        File.WriteAllText(Path.Combine(Root.FraudRules, "card-brand.yml"), """
            kind: field_rule
            name: card-brand
            version: 1
            match:
              - field: brand
                any_of: [AMEX]
            """);

        var problem = Assert.Single(new PaymentRuleAssetCheck().Check(Root));

        Assert.Equal(("elastic-assets/fraud-rules/card-brand.yml", 5), (problem.File, problem.Line));
        Assert.Contains("brand", problem.Message);
        Assert.Empty(new FraudRuleAssetCheck().Check(Root)); // the AOV rules' reader leaves field rules to this check
    }
}
