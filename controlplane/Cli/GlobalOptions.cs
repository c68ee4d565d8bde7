using System.CommandLine;

namespace ControlPlane.Cli;

/// <summary>Options every command accepts. Given values win over environment variables and appsettings.json.</summary>
public static class GlobalOptions
{
    public static readonly Option<string?> Root = new("--root") { Description = "Folder holding elastic-assets/, pipelines/, transforms/, kibana-saved-objects/ (default: current directory)", Recursive = true };
    public static readonly Option<string?> EsUrl = new("--es-url") { Description = "Elasticsearch URL (overrides ES_URL)", Recursive = true };
    public static readonly Option<string?> KibanaUrl = new("--kibana-url") { Description = "Kibana URL (overrides KIBANA_URL)", Recursive = true };
    public static readonly Option<string?> MySql = new("--mysql") { Description = "MySQL ADO.NET connection string (overrides MYSQL_CONNECTION)", Recursive = true };

    public static readonly Option<bool> Verbose = new("--verbose") { Description = "On an unexpected error, print its stack trace too", Recursive = true };

    public static IEnumerable<Option> All => [Root, EsUrl, KibanaUrl, MySql, Verbose];

    /// <summary>The given global options as configuration keys, to be added as the last configuration source.</summary>
    public static Dictionary<string, string?> ToConfiguration(ParseResult result)
    {
        var values = new Dictionary<string, string?>();
        if (result.GetValue(Root) is { } root) values["CONTROLPLANE_ROOT"] = Path.GetFullPath(root);
        if (result.GetValue(EsUrl) is { } es) values["ES_URL"] = es;
        if (result.GetValue(KibanaUrl) is { } kb) values["KIBANA_URL"] = kb;
        if (result.GetValue(MySql) is { } my) values["MYSQL_CONNECTION"] = my;
        return values;
    }
}
