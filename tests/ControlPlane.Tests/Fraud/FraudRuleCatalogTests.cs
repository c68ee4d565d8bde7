using ControlPlane.Assets;
using ControlPlane.Fraud;

namespace ControlPlane.Tests.Fraud;

public sealed class FraudRuleCatalogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fraud-rules-").FullName;
    private AssetRoot Root => new(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Write(string name, string yaml)
    {
        Directory.CreateDirectory(Root.FraudRules);
        File.WriteAllText(Path.Combine(Root.FraudRules, name), yaml);
    }

    [Fact]
    public void TheRepositorysRuleIsTheSeedRule()
    {
        var root = new AssetRoot(TestSupport.RepositoryRoot.Path);

        var rule = Assert.Single(FraudRuleCatalog.Load(root));

        Assert.Equal(("aov-spike-repeat", 1, true, 2m, 3, 7), (rule.Name, rule.Version, rule.Enabled, rule.AovMultiplier, rule.MinRepeats, rule.WindowDays));
        Assert.Equal("elastic-assets/fraud-rules/aov-spike-repeat.yml", rule.File);
        Assert.Empty(new FraudRuleAssetCheck().Check(root));
    }

    [Fact]
    public void ProblemsNameTheFileAndLine()
    {
        Write("spike.yml", """
            kind: fraud_rule
            name: spike
            version: 2
            aov_multiplier: two
            min_repeats: 3
            window_dayz: 7
            """);

        var problems = new FraudRuleAssetCheck().Check(Root).Select(p => p.ToString()).ToList();

        Assert.Contains("elastic-assets/fraud-rules/spike.yml:4: aov_multiplier 'two' must be a number greater than 0 (e.g. 2)", problems);
        Assert.Contains(problems, p => p.StartsWith("elastic-assets/fraud-rules/spike.yml:6: unknown key 'window_dayz'", StringComparison.Ordinal));
        Assert.Contains("elastic-assets/fraud-rules/spike.yml:1: missing required key 'window_days'", problems);
        var ex = Assert.Throws<AssetException>(() => FraudRuleCatalog.Load(Root));
        Assert.StartsWith("elastic-assets/fraud-rules/spike.yml:", ex.Message);
    }

    [Fact]
    public void KindNameAndNumbersAreChecked()
    {
        Write("a.yml", "kind: source\nname: b\nversion: 0\nenabled: maybe\naov_multiplier: 2\nmin_repeats: 0\nwindow_days: 400\n");

        var problems = FraudRuleCatalog.Check(Root).Select(p => p.ToString()).ToList();

        Assert.Equal(
        [
            "elastic-assets/fraud-rules/a.yml:1: kind must be 'fraud_rule', not 'source'",
            "elastic-assets/fraud-rules/a.yml:2: name 'b' must match the file name 'a'",
            "elastic-assets/fraud-rules/a.yml:3: version '0' must be an integer from 1 to 1000000",
            "elastic-assets/fraud-rules/a.yml:7: window_days '400' must be an integer from 1 to 366",
            "elastic-assets/fraud-rules/a.yml:6: min_repeats '0' must be an integer from 1 to 1000",
            "elastic-assets/fraud-rules/a.yml:4: enabled 'maybe' must be true or false",
        ], problems);
    }

    [Fact]
    public void BrokenYamlIsReportedAtItsLine()
    {
        Write("bad.yml", "kind: fraud_rule\nname: [bad\n");
        var problem = Assert.Single(FraudRuleCatalog.Check(Root));
        Assert.Equal("elastic-assets/fraud-rules/bad.yml", problem.File);
        Assert.True(problem.Line >= 2);
    }

    [Fact]
    public void DisabledRulesAreNotLoadedForTheCheck()
    {
        Write("off.yml", "kind: fraud_rule\nname: off\nversion: 1\nenabled: false\naov_multiplier: 2\nmin_repeats: 3\nwindow_days: 7\n");
        Assert.Single(FraudRuleCatalog.Load(Root));
        Assert.Empty(FraudRuleCatalog.LoadEnabled(Root));
    }
}
