using CpqSync.Sandbox.Salesforce;

namespace CpqSync.Sandbox.Tests.Salesforce.Soql;

public class SoqlRobustnessTests : SoqlTestOrg
{
    private static readonly string[] Seeds =
    [
        "SELECT Id, Account.Name, (SELECT Quantity FROM OrderItems WHERE Quantity > 1 ORDER BY Quantity DESC LIMIT 2) FROM Order "
            + "WHERE (Status = 'Activated' OR Status IN ('Draft')) AND EffectiveDate >= LAST_N_DAYS:30 ORDER BY OrderNumber NULLS LAST LIMIT 5 OFFSET 1",
        "SELECT COUNT() FROM OrderItem WHERE OrderId IN (SELECT Id FROM Order WHERE ActivatedDate > 2026-01-31T09:00:00.000+01:00)",
        @"SELECT Name FROM Account WHERE Name LIKE '%\_\%\u0041' AND NOT Regions__c INCLUDES ('a;b') AND AnnualRevenue != -1.5",
        "SELECT Status, COUNT(Id) n, MAX(TotalAmount) FROM Order GROUP BY Status ORDER BY Status",
    ];

    [Fact]
    public void Mangled_queries_fail_only_with_salesforce_errors()
    {
        var random = new Random(20261125);
        const string Alphabet = "abcXYZ019 _.,()'\"\\:=<>!%-+TZ\n";
        var failures = new List<string>();
        for (var i = 0; i < 3000; i++)
        {
            var soql = Mangle(Seeds[i % Seeds.Length], random, Alphabet);
            try
            {
                Query(soql);
            }
            catch (SalesforceErrorException error)
            {
                Assert.Equal(400, error.StatusCode);
            }
#pragma warning disable CA1031 // The point of the test is to catch whatever escapes.
            catch (Exception other)
#pragma warning restore CA1031
            {
                failures.Add($"{other.GetType().Name}: {other.Message} <- {soql}");
            }
        }

        Assert.Empty(failures);
    }

    private static string Mangle(string soql, Random random, string alphabet)
    {
        var chars = soql.ToList();
        for (var edits = random.Next(1, 4); edits > 0; edits--)
        {
            var at = random.Next(chars.Count);
            switch (random.Next(3))
            {
                case 0:
                    chars.RemoveAt(at);
                    break;
                case 1:
                    chars.Insert(at, alphabet[random.Next(alphabet.Length)]);
                    break;
                default:
                    chars[at] = alphabet[random.Next(alphabet.Length)];
                    break;
            }
        }

        return new string([.. chars]);
    }
}
