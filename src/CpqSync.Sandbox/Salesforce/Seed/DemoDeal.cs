namespace CpqSync.Sandbox.Salesforce.Seed;

/// <summary>One demo line: a product, a quantity and, for MDQ and revisions, the segment or the line it revises.</summary>
internal sealed record DemoLine(string Product, decimal Quantity)
{
    public string? Revises { get; init; }

    /// <summary>1-based MDQ segment; the line then covers that year of the quote only.</summary>
    public int? Segment { get; init; }

    public string ContractAction { get; init; } = "New";
}

/// <summary>One opportunity → quote → order chain of the demo org.</summary>
internal sealed record DemoDeal(string Description, DemoCustomer Customer, string Currency, DateOnly Start, int Term, IReadOnlyList<DemoLine> Lines)
{
    public string OrderType { get; init; } = "New";

    public bool Partner { get; init; }

    public bool Activate { get; init; } = true;

    public bool WithQuote { get; init; } = true;

    /// <summary>False leaves the quote's start date empty (a required field a sync must name when it refuses the order).</summary>
    public bool QuoteStartDate { get; init; } = true;

    public string? AmendedContract { get; init; }

    public string? RenewedContract { get; init; }

    public bool Evergreen { get; init; }

    public string PaymentTerms { get; init; } = "Net 30";
}

/// <summary>A demo account with its primary contact.</summary>
internal sealed record DemoCustomer(string Account, string Contact, string Name);

/// <summary>What a deal produced.</summary>
internal sealed record DemoResult(string Opportunity, string? Quote, string Order, IReadOnlyList<string> OrderItems, string? Contract);
