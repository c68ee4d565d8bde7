using System.Text.Json;
using System.Text.Json.Nodes;
using ControlPlane.ElasticRules;

namespace ControlPlane.Tests.ElasticRules;

/// <summary>
/// The shared Elasticsearch query rules (tests/ControlPlane.ElasticRules) that both the tests' fake and the bench's
/// stand-in answer with, checked against what Elasticsearch's reference says of each.
/// </summary>
public sealed class QueryRulesTests
{
    [Fact]
    public void ABoolOfOnlyShouldClausesNeedsOneOfThemButAFilterMakesThemOptional()
    {
        // https://www.elastic.co/guide/en/elasticsearch/reference/current/query-dsl-bool-query.html#bool-min-should-match:
        // with should clauses and no must or filter clause minimum_should_match defaults to 1, otherwise to 0.
        var red = Doc("1", """{"color":"red","size":1}""");
        var blue = Doc("2", """{"color":"blue","size":1}""");
        const string should = """[{"term":{"color":"red"}},{"term":{"color":"green"}}]""";

        Assert.Equal(["1"], Matching("""{"bool":{"should":""" + should + "}}", red, blue));
        Assert.Equal(["1", "2"], Matching("""{"bool":{"filter":[{"term":{"size":1}}],"should":""" + should + "}}", red, blue));
        // must_not is no required clause: a should clause must still match.
        Assert.Equal(["1"], Matching("""{"bool":{"must_not":[{"term":{"size":2}}],"should":""" + should + "}}", red, blue));
        Assert.Equal(["1"], Matching("""{"bool":{"filter":[{"term":{"size":1}}],"should":""" + should + ""","minimum_should_match":1}}""", red, blue));
    }

    [Fact]
    public void MinimumShouldMatchTakesCountsNegativeCountsAndPercentagesRoundedDown()
    {
        // https://www.elastic.co/guide/en/elasticsearch/reference/current/query-dsl-minimum-should-match.html
        var two = Doc("2", """{"a":1,"b":1}""");
        var three = Doc("3", """{"a":1,"b":1,"c":1}""");
        const string should = """[{"exists":{"field":"a"}},{"exists":{"field":"b"}},{"exists":{"field":"c"}},{"exists":{"field":"d"}}]""";

        Assert.Equal(["3"], Matching("""{"bool":{"should":""" + should + ""","minimum_should_match":3}}""", two, three));
        Assert.Equal(["3"], Matching("""{"bool":{"should":""" + should + ""","minimum_should_match":-1}}""", two, three)); // 4 - 1
        Assert.Equal(["2", "3"], Matching("""{"bool":{"should":""" + should + ""","minimum_should_match":"60%"}}""", two, three)); // floor(2.4) = 2
        Assert.Equal(["2", "3"], Matching("""{"bool":{"should":""" + should + ""","minimum_should_match":"-60%"}}""", two, three)); // 4 - floor(2.4) = 2
        Assert.Empty(Matching("""{"bool":{"should":""" + should + ""","minimum_should_match":5}}""", two, three)); // more than there are
    }

    [Fact]
    public void ABareDateBoundCoversItsWholeDayInTheQuerysTimeZone()
    {
        // https://www.elastic.co/guide/en/elasticsearch/reference/current/query-dsl-range-query.html: time_zone converts the
        // query's dates to UTC; gt and lte round up (to the day's last millisecond), gte and lt round down
        // (DateFieldMapper.DateFieldType.dateRangeQuery in elastic/elasticsearch).
        var lastMillisecond = Doc("last", """{"sold_at":"2026-11-21T23:59:59.999+09:00"}""");
        var nextDay = Doc("next", """{"sold_at":"2026-11-22T00:00:00.000+09:00"}""");
        var dayBefore = Doc("before", """{"sold_at":"2026-11-20T23:59:59.999+09:00"}""");
        var utcNoon = Doc("noon", """{"sold_at":"2026-11-21T12:00:00Z"}""");

        Assert.Equal(["last", "noon"], Matching("""{"range":{"sold_at":{"gte":"2026-11-21","lte":"2026-11-21","time_zone":"Asia/Seoul"}}}""", lastMillisecond, nextDay, dayBefore, utcNoon));
        Assert.Equal(["next"], Matching("""{"range":{"sold_at":{"gt":"2026-11-21","time_zone":"Asia/Seoul"}}}""", lastMillisecond, nextDay, dayBefore, utcNoon));
        Assert.Equal(["before"], Matching("""{"range":{"sold_at":{"lt":"2026-11-21","time_zone":"+09:00"}}}""", lastMillisecond, nextDay, dayBefore, utcNoon));
        // Without time_zone the day is UTC's: Seoul's midnight starting the 22nd is 15:00Z on the 21st, inside it.
        Assert.Equal(["last", "next", "noon"], Matching("""{"range":{"sold_at":{"gte":"2026-11-21","lte":"2026-11-21"}}}""", lastMillisecond, nextDay, dayBefore, utcNoon));
    }

    [Fact]
    public void ATermOnADateMatchesTheWholeDayTheValueNames()
    {
        // DateFieldMapper.DateFieldType.termQuery is rangeQuery(value, value, includeLower: true, includeUpper: true).
        var morning = Doc("morning", """{"date":"2026-11-21T01:00:00Z"}""");
        var bare = Doc("bare", """{"date":"2026-11-21"}""");
        var other = Doc("other", """{"date":"2026-11-22"}""");

        Assert.Equal(["morning", "bare"], Matching("""{"terms":{"date":["2026-11-21"]}}""", morning, bare, other));
    }

    [Fact]
    public void TermsCompareNumbersByValueAndKeywordsByText()
    {
        // https://www.elastic.co/guide/en/elasticsearch/reference/current/query-dsl-term-query.html: the value is converted
        // to the field's type, so "50" finds the number 50.00 and 5 finds the keyword "5"; a keyword compares its exact text.
        var fifty = Doc("fifty", """{"amount_sale":50.00,"store_id":"5"}""");
        var sixty = Doc("sixty", """{"amount_sale":60,"store_id":"50.0"}""");

        Assert.Equal(["fifty"], Matching("""{"terms":{"amount_sale":["50",70]}}""", fifty, sixty));
        Assert.Equal(["fifty"], Matching("""{"term":{"amount_sale":50}}""", fifty, sixty));
        Assert.Equal(["fifty"], Matching("""{"term":{"store_id":5}}""", fifty, sixty));
        Assert.Equal(["sixty"], Matching("""{"terms":{"store_id":["50.0","50"]}}""", fifty, sixty));
        Assert.Equal(["sixty"], Matching("""{"range":{"amount_sale":{"gt":"50"}}}""", fifty, sixty));
    }

    [Fact]
    public void MustNotOfATombstoneLeavesOnlyTheLiveDocuments()
    {
        // docs/assets.md, "Deletes": readers put {"term":{"deleted":true}} in must_not (Elastic/Tombstone.cs); a boolean
        // field's term accepts true or "true" (https://www.elastic.co/guide/en/elasticsearch/reference/current/boolean.html).
        var live = Doc("platform_sales-1", """{"sale_id":"platform_sales-1","deleted":false}""");
        var unmarked = Doc("platform_sales-2", """{"sale_id":"platform_sales-2"}""");
        var tombstone = Doc("platform_sales-3", """{"sale_id":"platform_sales-3","deleted":true}""");
        const string ids = """{"ids":{"values":["platform_sales-1","platform_sales-2","platform_sales-3"]}}""";

        Assert.Equal(["platform_sales-1", "platform_sales-2"], Matching("""{"bool":{"filter":[""" + ids + """],"must_not":[{"term":{"deleted":true}}]}}""", live, unmarked, tombstone));
        Assert.Equal(["platform_sales-1", "platform_sales-2"], Matching("""{"bool":{"must_not":{"term":{"deleted":"true"}}}}""", live, unmarked, tombstone));
    }

    [Fact]
    public void AnUnknownQueryIsRefusedAsElasticsearchRefusesIt()
    {
        var refused = Assert.Throws<QueryParsingException>(() => Parse("""{"bool":{"filter":[{"match":{"store_id":"S1"}}]}}"""));

        Assert.Equal(("parsing_exception", "unknown query [match]"), (refused.Type, refused.Message));
    }

    [Fact]
    public void SearchAfterContinuesAfterTheLastHitWithDatesAsEpochMillisAndMissingValuesLast()
    {
        // https://www.elastic.co/guide/en/elasticsearch/reference/current/paginate-search-results.html#search-after and
        // sort-search-results.html: a date sorts (and reads back) as epoch millis; missing values sort last either way.
        var docs = new[]
        {
            Doc("a", """{"store_id":"S1","date":"2026-11-21"}"""), Doc("b", """{"store_id":"S1","date":"2026-11-20"}"""),
            Doc("c", """{"store_id":"S2","date":"2026-11-19"}"""), Doc("d", """{"store_id":"S0"}"""),
        };
        var first = Request("""{"size":2,"sort":[{"store_id":{"order":"asc"}},{"date":"desc"}]}""").Page(docs, d => d);
        Assert.Equal(["d", "a"], first.Hits.Select(h => h.Item.Id));
        var last = first.Hits[^1].Keys!;
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), last[1]!.Value.Millis);

        var next = Request("""{"size":2,"sort":[{"store_id":{"order":"asc"}},{"date":"desc"}],"search_after":["S1",""" + last[1]!.Value.Millis + """]}""").Page(docs, d => d);

        Assert.Equal(["b", "c"], next.Hits.Select(h => h.Item.Id));
        Assert.Equal(4, next.Total);
    }

    [Fact]
    public void ExternalVersionsNeedAGreaterVersionAndExternalGteAnEqualOneEachWithItsOwnReason()
    {
        // https://www.elastic.co/guide/en/elasticsearch/reference/current/docs-index_.html#index-versioning and
        // server/src/main/java/org/elasticsearch/index/VersionType.java (explainConflictForWrites).
        Assert.Null(VersionRules.Decide(5, 5, "external"));
        Assert.Equal(6, VersionRules.Decide(5, 6, "external"));
        Assert.Equal(5, VersionRules.Decide(5, 5, "external_gte"));
        Assert.Null(VersionRules.Decide(5, 4, "external_gte"));
        Assert.Equal(6, VersionRules.Decide(5, null, null)); // internal: counts up
        Assert.Equal("[x]: version conflict, current version [5] is higher or equal to the one provided [5]", VersionRules.ConflictReason("x", 5, 5, "external"));
        Assert.Equal("[x]: version conflict, current version [5] is higher than the one provided [4]", VersionRules.ConflictReason("x", 5, 4, "external_gte"));
        Assert.Equal("[x]: version conflict, document already exists (current version [5])", VersionRules.CreateConflictReason("x", 5));
    }

    private static JsonSourceFields Doc(string id, string json) => new(id, JsonNode.Parse(json)!.AsObject());

    private static Query Parse(string query) => Query.Parse(JsonDocument.Parse(query).RootElement);

    private static SearchRequest Request(string body) => SearchRequest.Parse(JsonDocument.Parse(body).RootElement);

    private static List<string> Matching(string query, params JsonSourceFields[] docs)
    {
        var parsed = Parse(query);
        return docs.Where(parsed.Matches).Select(d => d.Id).ToList();
    }
}
