namespace ControlPlane.Generation;

/// <summary>How rows reach MySQL.</summary>
public enum WritePath
{
    /// <summary><c>LOAD DATA LOCAL INFILE</c> through MySqlBulkLoader (needs AllowLoadLocalInfile=true and the server's local_infile).</summary>
    BulkLoad,
    /// <summary>Multi-row INSERT statements of literal values.</summary>
    MultiRowInsert,
}
