using CpqSync.Sandbox.Salesforce.Data;
using CpqSync.Sandbox.Salesforce.Schema;

namespace CpqSync.Sandbox.Salesforce.Soql;

/// <summary>Decides whether a record passes a WHERE clause, for one execution (one clock, one set of semi-join results).</summary>
internal sealed class ConditionEvaluator
{
    private readonly RecordNavigator _navigator;
    private readonly DateTimeOffset _now;
    private readonly Func<SemiJoinCondition, HashSet<string>> _semiJoinIds;

    public ConditionEvaluator(RecordNavigator navigator, DateTimeOffset now, Func<SemiJoinCondition, HashSet<string>> semiJoinIds)
    {
        _navigator = navigator;
        _now = now;
        _semiJoinIds = semiJoinIds;
    }

    public bool Matches(BoundCondition condition, SObjectRecord record) => condition switch
    {
        AndCondition and => All(and.Operands, record),
        OrCondition or => Any(or.Operands, record),
        NotCondition not => !Matches(not.Operand, record),
        ComparisonCondition comparison => Compare(_navigator.Read(record, comparison.Path), comparison.Operator, comparison.Value,
            comparison.Path.Field),
        InCondition list => list.Negated != In(_navigator.Read(record, list.Path), list),
        LikeCondition like => _navigator.Read(record, like.Path) is string text && like.Pattern.IsMatch(text),
        SemiJoinCondition semiJoin => semiJoin.Negated != (_navigator.Read(record, semiJoin.Path) is string id
            && _semiJoinIds(semiJoin).Contains(SoqlValues.NormalizeId(id))),
        IncludesCondition includes => includes.Excludes != Includes(_navigator.Read(record, includes.Path) as string, includes.Sets),
        _ => throw new InvalidOperationException($"Unexpected condition {condition.GetType().Name}."),
    };

    // Loops rather than LINQ: filters run once per record, tens of thousands of times per poll.
    private bool All(IReadOnlyList<BoundCondition> operands, SObjectRecord record)
    {
        for (var i = 0; i < operands.Count; i++)
        {
            if (!Matches(operands[i], record))
            {
                return false;
            }
        }

        return true;
    }

    private bool Any(IReadOnlyList<BoundCondition> operands, SObjectRecord record)
    {
        for (var i = 0; i < operands.Count; i++)
        {
            if (Matches(operands[i], record))
            {
                return true;
            }
        }

        return false;
    }

    private bool In(object? value, InCondition list) => list.Ids is { } ids
        ? value is string id && ids.Contains(SoqlValues.NormalizeId(id))
        : list.Values.Any(v => Compare(value, ComparisonOperator.Equal, v, list.Path.Field));

    private static bool Includes(string? stored, IReadOnlyList<string[]> sets)
    {
        if (stored is null)
        {
            return false;
        }

        var selected = stored.Split(';', StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return sets.Any(set => set.All(selected.Contains));
    }

    private bool Compare(object? value, ComparisonOperator op, BoundValue literal, FieldSchema field)
    {
        if (literal is ConstantValue { Value: null })
        {
            return op switch
            {
                ComparisonOperator.Equal => value is null,
                ComparisonOperator.NotEqual => value is not null,
                _ => false,
            };
        }

        if (value is null)
        {
            // A null field differs from every value and is neither less nor greater than any.
            return op == ComparisonOperator.NotEqual;
        }

        if (field.Type is FieldType.Date or FieldType.DateTime)
        {
            if (SoqlValues.AsInstant(value) is not { } instant)
            {
                return false;
            }

            var (start, end) = Range(literal);
            return op switch
            {
                ComparisonOperator.Equal => instant >= start && instant < end,
                ComparisonOperator.NotEqual => instant < start || instant >= end,
                ComparisonOperator.Less => instant < start,
                ComparisonOperator.LessOrEqual => instant < end,
                ComparisonOperator.Greater => instant >= end,
                _ => instant >= start,
            };
        }

        var order = SoqlValues.Compare(value, ((ConstantValue)literal).Value!, field.Type);
        return op switch
        {
            ComparisonOperator.Equal => order == 0,
            ComparisonOperator.NotEqual => order != 0,
            ComparisonOperator.Less => order < 0,
            ComparisonOperator.LessOrEqual => order <= 0,
            ComparisonOperator.Greater => order > 0,
            _ => order >= 0,
        };
    }

    /// <summary>
    /// Every date-ish literal is a half-open range of instants: a day for a date or a date literal such as TODAY,
    /// a single tick for a datetime. Comparisons against the range then read the same for all of them.
    /// </summary>
    private (DateTimeOffset Start, DateTimeOffset End) Range(BoundValue literal)
    {
        switch (literal)
        {
            case RelativeDateValue relative:
                var (from, to) = DateLiterals.Resolve(relative.Name, relative.N, _now);
                return (SoqlValues.ToInstant(from), SoqlValues.ToInstant(to));
            case ConstantValue { Value: DateOnly date }:
                return (SoqlValues.ToInstant(date), SoqlValues.ToInstant(date.AddDays(1)));
            case ConstantValue { Value: DateTimeOffset dateTime }:
                return (dateTime, dateTime.AddTicks(1));
            default:
                throw new InvalidOperationException($"Unexpected date value {literal}.");
        }
    }
}
