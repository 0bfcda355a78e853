namespace CpqSync.Sandbox.Tests.Salesforce.Soql;

public class SoqlWhereTests : SoqlTestOrg
{
    [Fact]
    public void Comparison_operators_compare_numbers_as_decimals()
    {
        Assert.Equal([Item1.Id, Item3.Id], Ids("SELECT Id FROM OrderItem WHERE Quantity > 1"));
        Assert.Equal([Item1.Id, Item2.Id, Item3.Id], Ids("SELECT Id FROM OrderItem WHERE Quantity >= 1.0"));
        Assert.Equal([Item2.Id], Ids("SELECT Id FROM OrderItem WHERE Quantity < 2"));
        Assert.Equal([Item1.Id, Item2.Id], Ids("SELECT Id FROM OrderItem WHERE Quantity <= 2"));
        Assert.Equal([Item3.Id], Ids("SELECT Id FROM OrderItem WHERE Quantity = 5"));
        Assert.Equal([Item1.Id, Item2.Id], Ids("SELECT Id FROM OrderItem WHERE Quantity != 5"));
        Assert.Equal([Item1.Id, Item2.Id], Ids("SELECT Id FROM OrderItem WHERE Quantity <> 5"));
        Assert.Equal([Item1.Id, Item2.Id, Item3.Id], Ids("SELECT Id FROM OrderItem WHERE Quantity > -1.5"));
    }

    [Fact]
    public void Strings_and_picklists_compare_case_insensitively()
    {
        Assert.Equal([Order1.Id, Order3.Id], Ids("SELECT Id FROM Order WHERE Status = 'ACTIVATED'"));
        Assert.Equal([Acme.Id], Ids("SELECT Id FROM Account WHERE Name = 'acme'"));
        Assert.Equal([Globex.Id], Ids("SELECT Id FROM Account WHERE Name > 'B'"));
    }

    [Fact]
    public void Null_and_not_null()
    {
        Assert.Equal([Order3.Id], Ids("SELECT Id FROM Order WHERE AccountId = null"));
        Assert.Equal([Order1.Id, Order2.Id], Ids("SELECT Id FROM Order WHERE AccountId != NULL"));
        // A null field is unequal to any value, and neither less nor greater than it.
        Assert.Equal([Globex.Id], Ids("SELECT Id FROM Account WHERE Industry != 'Technology'"));
        Assert.Empty(Ids("SELECT Id FROM Account WHERE Industry < 'Z' AND Name = 'Globex'"));
    }

    [Fact]
    public void Booleans()
    {
        Assert.Equal([Widget.Id], Ids("SELECT Id FROM Product2 WHERE IsActive = true"));
        Assert.Equal([Gadget.Id], Ids("SELECT Id FROM Product2 WHERE IsActive = FALSE"));
    }

    [Fact]
    public void Ids_compare_after_normalising_15_character_ids()
    {
        Assert.Equal([Acme.Id], Ids($"SELECT Id FROM Account WHERE Id = '{Acme.Id[..15]}'"));
        Assert.Equal([Order1.Id], Ids($"SELECT Id FROM Order WHERE AccountId = '{Acme.Id[..15]}'"));
        Assert.Equal([Order1.Id, Order2.Id], Ids($"SELECT Id FROM Order WHERE Id IN ('{Order2.Id[..15]}', '{Order1.Id}')"));
    }

    [Fact]
    public void Like_matches_percent_and_underscore_case_insensitively()
    {
        Assert.Equal([Acme.Id], Ids("SELECT Id FROM Account WHERE Name LIKE 'ac%'"));
        Assert.Equal([Acme.Id], Ids("SELECT Id FROM Account WHERE Name LIKE 'A_ME'"));
        Assert.Equal([Acme.Id, Globex.Id], Ids("SELECT Id FROM Account WHERE Name LIKE '%'"));
        Assert.Empty(Ids("SELECT Id FROM Account WHERE Name LIKE 'Acm'"));
    }

    [Fact]
    public void Like_escapes_match_a_literal_percent_or_underscore()
    {
        Assert.Equal([Gadget.Id], Ids(@"SELECT Id FROM Product2 WHERE Name LIKE '%\_%'"));
        Assert.Equal([Gadget.Id], Ids(@"SELECT Id FROM Product2 WHERE ProductCode LIKE '%0\%'"));
        Assert.Empty(Ids(@"SELECT Id FROM Product2 WHERE ProductCode LIKE 'W\%'"));
    }

    [Fact]
    public void In_and_not_in_lists()
    {
        Assert.Equal([Order1.Id, Order2.Id, Order3.Id], Ids("SELECT Id FROM Order WHERE Status IN ('Activated', 'draft')"));
        Assert.Equal([Order2.Id], Ids("SELECT Id FROM Order WHERE Status NOT IN ('Activated')"));
        Assert.Equal([Order1.Id, Order3.Id], Ids($"SELECT Id FROM Order WHERE AccountId IN ('{Acme.Id}', null)"));
        Assert.Equal([Item1.Id, Item3.Id], Ids("SELECT Id FROM OrderItem WHERE Quantity IN (2, 5)"));
    }

    [Fact]
    public void Semi_joins_and_anti_joins()
    {
        Assert.Equal([Order1.Id], Ids("SELECT Id FROM Order WHERE Id IN (SELECT OrderId FROM OrderItem WHERE Quantity < 5)"));
        Assert.Equal([Order3.Id], Ids("SELECT Id FROM Order WHERE Id NOT IN (SELECT OrderId FROM OrderItem)"));
        Assert.Equal([Order1.Id, Order2.Id],
            Ids("SELECT Id FROM Order WHERE AccountId IN (SELECT Id FROM Account WHERE Name LIKE '%e%') ORDER BY OrderNumber"));
    }

    [Fact]
    public void And_or_not_with_parentheses()
    {
        Assert.Equal([Order1.Id], Ids("SELECT Id FROM Order WHERE Status = 'Activated' AND AccountId != null"));
        Assert.Equal([Order1.Id, Order2.Id], Ids("SELECT Id FROM Order WHERE OrderNumber = '00000101' OR OrderNumber = '00000102'"));
        Assert.Equal([Order2.Id, Order3.Id], Ids("SELECT Id FROM Order WHERE NOT OrderNumber = '00000101'"));
        Assert.Equal([Order1.Id, Order2.Id],
            Ids("SELECT Id FROM Order WHERE (Status = 'Draft' OR Account.Name = 'Acme') AND NOT (TotalAmount > 100 OR TotalAmount = null)"));
    }

    [Fact]
    public void Filters_may_follow_parent_paths()
    {
        Assert.Equal([Item1.Id, Item3.Id], Ids("SELECT Id FROM OrderItem WHERE PricebookEntry.Product2.Family = 'Hardware'"));
        Assert.Equal([Order2.Id], Ids("SELECT Id FROM Order WHERE Account.Parent.Name = 'Acme'"));
    }

    [Fact]
    public void String_escapes_decode_as_in_salesforce()
    {
        Assert.Equal([Order1.Id], Ids(@"SELECT Id FROM Order WHERE Description = 'It\'s \""quoted\""\nand\\slashed'"));
        Assert.Equal([Acme.Id], Ids(@"SELECT Id FROM Account WHERE Name = '\u0041cme'"));
        var controls = Org.Add("Account", ("Name", "a\tb\rc\bd\fe_%"));
        Assert.Equal([controls.Id], Ids(@"SELECT Id FROM Account WHERE Name = 'a\tb\rc\bd\fe\_\%'"));
        Assert.Equal([Order1.Id], Ids(@"SELECT Id FROM Order WHERE Description LIKE 'It\'s%\nand\\%'"));
    }

    [Fact]
    public void Date_literals_compare_by_day()
    {
        Assert.Equal([Order1.Id], Ids("SELECT Id FROM Order WHERE EffectiveDate = 2026-01-31"));
        Assert.Equal([Order2.Id, Order3.Id], Ids("SELECT Id FROM Order WHERE EffectiveDate > 2026-01-31"));
        Assert.Equal([Order1.Id], Ids("SELECT Id FROM Order WHERE EffectiveDate <= 2026-01-31"));
    }

    [Fact]
    public void Datetime_literals_accept_z_offsets_and_fractions_and_compare_in_utc()
    {
        Assert.Equal([Globex.Id], Ids("SELECT Id FROM Account WHERE CreatedDate >= 2026-11-25T09:30:00Z"));
        Assert.Equal([Globex.Id], Ids("SELECT Id FROM Account WHERE CreatedDate = 2026-11-25T10:30:00+01:00"));
        Assert.Equal([Globex.Id], Ids("SELECT Id FROM Account WHERE CreatedDate = 2026-11-25T09:30:00.000Z"));
        Assert.Equal([Acme.Id], Ids("SELECT Id FROM Account WHERE CreatedDate < 2026-11-25T01:30:00-08:00"));
        Assert.Empty(Ids("SELECT Id FROM Account WHERE CreatedDate > 2026-11-25T09:30:00Z"));
    }

    [Fact]
    public void Relative_date_literals_cover_their_utc_days()
    {
        // Now is Wednesday 2026-11-25 12:00 UTC; Order1 was activated Tuesday 23:59:59 UTC.
        Assert.Equal([Order2.Id], Ids("SELECT Id FROM Order WHERE EffectiveDate = TODAY"));
        Assert.Equal([Globex.Id], Ids("SELECT Id FROM Account WHERE CreatedDate = TODAY"));
        Assert.Equal([Order1.Id], Ids("SELECT Id FROM Order WHERE ActivatedDate = YESTERDAY"));
        Assert.Empty(Ids("SELECT Id FROM Order WHERE EffectiveDate = TOMORROW"));
        Assert.Equal([Order2.Id, Order3.Id], Ids("SELECT Id FROM Order WHERE EffectiveDate = THIS_MONTH"));
        Assert.Equal([Order1.Id], Ids("SELECT Id FROM Order WHERE EffectiveDate < THIS_MONTH"));
        Assert.Equal([Order2.Id], Ids("SELECT Id FROM Order WHERE EffectiveDate = THIS_WEEK"));
        Assert.Equal([Order2.Id, Order3.Id], Ids("SELECT Id FROM Order WHERE EffectiveDate > LAST_MONTH"));
        Assert.Equal([Order1.Id, Order2.Id, Order3.Id], Ids("SELECT Id FROM Order WHERE EffectiveDate = THIS_YEAR"));
        Assert.Equal([Order1.Id], Ids("SELECT Id FROM Order WHERE ActivatedDate = LAST_N_DAYS:1"));
        Assert.Equal([Order2.Id, Order3.Id], Ids("SELECT Id FROM Order WHERE EffectiveDate = LAST_N_DAYS:30"));
        Assert.Empty(Ids("SELECT Id FROM Order WHERE EffectiveDate = NEXT_N_DAYS:30"));
        Assert.Equal([Order1.Id], Ids("SELECT Id FROM Order WHERE EffectiveDate = LAST_N_MONTHS:10"));
    }

    [Fact]
    public void Week_literals_start_on_sunday()
    {
        var sunday = new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);
        Org.Add("Order", ("OrderNumber", "sun"), ("EffectiveDate", DateOnly.FromDateTime(sunday.UtcDateTime)));
        Org.Add("Order", ("OrderNumber", "sat"), ("EffectiveDate", new DateOnly(2026, 11, 21)));
        Org.Add("Order", ("OrderNumber", "next"), ("EffectiveDate", new DateOnly(2026, 11, 29)));

        Assert.Equal(["sun", "00000102"], Numbers("SELECT OrderNumber FROM Order WHERE EffectiveDate = THIS_WEEK ORDER BY EffectiveDate"));
        Assert.Equal(["sat"], Numbers("SELECT OrderNumber FROM Order WHERE EffectiveDate = LAST_WEEK"));
        Assert.Equal(["next"], Numbers("SELECT OrderNumber FROM Order WHERE EffectiveDate = NEXT_WEEK"));
    }

    [Fact]
    public void Relative_date_literals_follow_the_execution_clock()
    {
        const string Soql = "SELECT Id FROM Order WHERE EffectiveDate = TODAY";
        Assert.Equal([Order2.Id], Ids(Soql));
        Assert.Equal([Order1.Id], Ids(Soql, now: new DateTimeOffset(2026, 1, 31, 23, 0, 0, TimeSpan.Zero)));
    }

    private List<string> Numbers(string soql) => Query(soql).Records.Select(r => r["OrderNumber"]!.GetValue<string>()).ToList();
}
