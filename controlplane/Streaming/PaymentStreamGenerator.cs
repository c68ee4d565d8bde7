using System.Globalization;
using System.Text.Json.Nodes;

namespace ControlPlane.Streaming;

/// <summary>One generated payment: the message as the seed's producer sends it, and its label.</summary>
public sealed record GeneratedPayment(int Index, string Json, bool Suspicious, bool Alert, bool Planted);

/// <summary>
/// The seed's payment stream, deterministic per seed: <c>{"DATE","TIME","PAYMENTTYPE","AMOUNT","WHO"}</c> with Seoul local
/// date and time of <paramref name="start"/> plus one second per payment, VISA and MASTERCARD mostly, BITCOIN at
/// <paramref name="bitcoinShare"/> (suspicious by the payment-type rule), WHO uniform over ME, MOM, DAD, FRIEND, STRANGER;
/// and <paramref name="planted"/> extra BITCOIN payments to a STRANGER at random places (each one an alert). Every payment
/// is labelled with what the seed's rules make of it.
/// </summary>
public static class PaymentStreamGenerator
{
    private static readonly string[] Recipients = ["ME", "MOM", "DAD", "FRIEND", "STRANGER"];
    private static readonly TimeZoneInfo Seoul = TimeZoneInfo.FindSystemTimeZoneById("Asia/Seoul");

    public static IEnumerable<GeneratedPayment> Generate(int count, int seed, DateTimeOffset start, double bitcoinShare = 0.05, int planted = 0)
    {
        var random = new Random(seed);
        var plantedAt = new HashSet<int>();
        while (plantedAt.Count < Math.Min(planted, count)) plantedAt.Add(random.Next(count));
        var local = TimeZoneInfo.ConvertTime(start, Seoul).DateTime;
        for (var i = 0; i < count; i++)
        {
            var isPlanted = plantedAt.Contains(i);
            var type = isPlanted ? "BITCOIN" : random.NextDouble() < bitcoinShare ? "BITCOIN" : random.Next(2) == 0 ? "VISA" : "MASTERCARD";
            var who = isPlanted ? "STRANGER" : Recipients[random.Next(Recipients.Length)];
            var at = local.AddSeconds(i);
            var json = new JsonObject
            {
                ["DATE"] = at.ToString("MM/dd/yyyy", CultureInfo.InvariantCulture),
                ["TIME"] = at.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
                ["PAYMENTTYPE"] = type,
                ["AMOUNT"] = random.Next(0, 101),
                ["WHO"] = who,
            }.ToJsonString();
            var suspicious = type == "BITCOIN";
            yield return new GeneratedPayment(i, json, suspicious, suspicious && who == "STRANGER", isPlanted);
        }
    }
}
