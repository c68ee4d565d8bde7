using System.Globalization;
using System.Text;
using MySqlConnector;

namespace ControlPlane.Generation;

/// <summary>
/// The labels detection is scored against, beside the source tables: <c>planted_fraud</c> (every planted sale; the
/// rule flags those with repeat_index ≥ 3) and <c>planted_bad_rows</c> (rows that belong in the dead letter).
/// Neither holds a raw card number: only its last four digits.
/// </summary>
internal static class LabelTables
{
    public const string PlantedFraud = "planted_fraud";
    public const string PlantedBadRows = "planted_bad_rows";
    private const int RowsPerStatement = 1000;

    public static readonly string[] Ddl =
    [
        """
        CREATE TABLE IF NOT EXISTS planted_fraud (
          source VARCHAR(64) NOT NULL, source_key VARCHAR(64) NOT NULL,
          fraud_case BIGINT NOT NULL COMMENT 'sales of one case: one card, one amount, one store, within 7 days',
          repeat_index INT NOT NULL COMMENT '1-based, in time order; the rule flags repeat_index >= 3',
          store_id VARCHAR(64) NOT NULL, amount DECIMAL(14,2) NOT NULL, sold_at DATETIME(6) NOT NULL,
          card_last4 CHAR(4) NOT NULL,
          PRIMARY KEY (source, source_key), KEY ix_case (fraud_case)
        ) CHARACTER SET utf8mb4
        """,
        """
        CREATE TABLE IF NOT EXISTS planted_bad_rows (
          source VARCHAR(64) NOT NULL, source_key VARCHAR(64) NOT NULL,
          store_id VARCHAR(64) NOT NULL, sold_at DATETIME(6) NOT NULL,
          reason VARCHAR(32) NOT NULL COMMENT 'null_amount | null_card | short_card | masked_card',
          PRIMARY KEY (source, source_key)
        ) CHARACTER SET utf8mb4
        """,
    ];

    /// <summary>Labels of one partition's rows, written in the partition's transaction.</summary>
    public static async Task<(int Fraud, int Bad)> WriteAsync(MySqlConnection connection, MySqlTransaction transaction, SaleRowFormatter formatter,
        SourceWorld source, Partition partition, SaleRow[] rows, CancellationToken ct)
    {
        var fraud = new List<string>();
        var bad = new List<string>();
        var sb = new StringBuilder(160);
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            if (row.Planted < 0 && row.Bad == BadRowKind.None) continue;
            var key = (partition.FirstId + i).ToString(CultureInfo.InvariantCulture);
            sb.Clear().Append('(');
            SqlText.AppendStringLiteral(sb, source.Name);
            sb.Append(',');
            SqlText.AppendStringLiteral(sb, key);
            sb.Append(',');
            if (row.Planted >= 0)
            {
                var sale = partition.Planted[row.Planted];
                sb.Append(CultureInfo.InvariantCulture, $"{sale.FraudCase},{sale.RepeatIndex},");
                SqlText.AppendStringLiteral(sb, source.Stores[row.Store].Id);
                sb.Append(',');
                SqlText.AppendCents(sb, row.AmountCents);
                sb.Append(',').Append(SqlText.DateTimeLiteral(row.LocalTicks)).Append(',');
                SqlText.AppendStringLiteral(sb, formatter.LastFour(row));
                fraud.Add(sb.Append(')').ToString());
            }
            else
            {
                SqlText.AppendStringLiteral(sb, source.Stores[row.Store].Id);
                sb.Append(',').Append(SqlText.DateTimeLiteral(row.LocalTicks)).Append(',');
                SqlText.AppendStringLiteral(sb, row.Bad.Reason());
                bad.Add(sb.Append(')').ToString());
            }
        }
        await InsertAsync(connection, transaction, $"INSERT INTO {PlantedFraud} (source,source_key,fraud_case,repeat_index,store_id,amount,sold_at,card_last4) VALUES ", fraud, ct).ConfigureAwait(false);
        await InsertAsync(connection, transaction, $"INSERT INTO {PlantedBadRows} (source,source_key,store_id,sold_at,reason) VALUES ", bad, ct).ConfigureAwait(false);
        return (fraud.Count, bad.Count);
    }

    private static async Task InsertAsync(MySqlConnection connection, MySqlTransaction transaction, string head, List<string> tuples, CancellationToken ct)
    {
        foreach (var chunk in tuples.Chunk(RowsPerStatement))
            await GenerationSession.ExecuteAsync(connection, head + string.Join(",", chunk), ct, transaction).ConfigureAwait(false);
    }
}
