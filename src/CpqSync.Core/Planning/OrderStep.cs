using CpqSync.Core.Records;

namespace CpqSync.Core.Planning;

/// <summary>One order of a contract history with its dates and priced lines, as an amendment sees it.</summary>
internal sealed record OrderStep(SfRecord Order, OrderFacts Facts, DateOnly Start, DateOnly EndExclusive, int Term,
    List<PlannedLine> Priced, List<(SfRecord Line, long Quantity)> Recurring, List<PlannedLine> OneTime);
