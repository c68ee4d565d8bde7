using ControlPlane.Elastic;
using ControlPlane.Http;

namespace ControlPlane.Loading;

/// <summary>
/// Which Elasticsearch failures are a state of the cluster (retried until the run's deadline, never dead-lettered) and
/// which are a property of the document (dead-lettered at once). Backpressure is not a property of a row.
/// </summary>
public static class TransientFailure
{
    /// <summary>
    /// Elasticsearch's error type for an index or cluster block. The flood-stage disk block answers 429 and an operator's
    /// <c>index.blocks.read_only</c>/<c>write</c> 403 (server/src/main/java/org/elasticsearch/cluster/metadata/IndexMetadata.java,
    /// <c>INDEX_READ_ONLY_ALLOW_DELETE_BLOCK</c> = <c>RestStatus.TOO_MANY_REQUESTS</c>, <c>INDEX_WRITE_BLOCK</c> = <c>FORBIDDEN</c>):
    /// both are lifted without touching the document, so both are waited out.
    /// </summary>
    public const string ClusterBlock = "cluster_block_exception";

    /// <summary>A bulk item answered 429, any 5xx, or blocked: the same document will go in once the cluster recovers.</summary>
    public static bool IsTransient(BulkItemResult item) =>
        item.Status == 429 || item.Status >= 500 || item.ErrorType == ClusterBlock;

    /// <summary>
    /// A whole request that got no usable answer: unreachable, reset or timed out (status 0), 429, 5xx, or blocked.
    /// Re-sending is safe: every sale write carries its external version and every dead letter a fixed id.
    /// </summary>
    public static bool IsTransient(Exception error) => error switch
    {
        RestException rest => rest.StatusCode is 0 or 429 or >= 500 || rest.ErrorType == ClusterBlock,
        HttpRequestException or TimeoutException => true,
        _ => false,
    };
}
