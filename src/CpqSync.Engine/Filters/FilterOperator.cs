namespace CpqSync.Engine.Filters;

/// <summary>The comparisons a sync filter may make; each compiles to one SOQL operator.</summary>
public enum FilterOperator
{
    /// <summary><c>=</c>, one value.</summary>
    EqualTo,

    /// <summary><c>!=</c>, one value.</summary>
    NotEqualTo,

    /// <summary><c>&lt;</c>, one value.</summary>
    LessThan,

    /// <summary><c>&lt;=</c>, one value.</summary>
    LessThanOrEqualTo,

    /// <summary><c>&gt;</c>, one value.</summary>
    GreaterThan,

    /// <summary><c>&gt;=</c>, one value.</summary>
    GreaterThanOrEqualTo,

    /// <summary><c>IN (…)</c>, one or more values.</summary>
    In,

    /// <summary><c>NOT IN (…)</c>, one or more values.</summary>
    NotIn,

    /// <summary><c>LIKE</c> with the user's own <c>%</c> and <c>_</c> wildcards, one text value.</summary>
    Like,

    /// <summary><c>LIKE 'value%'</c> where the value matches literally, one text value.</summary>
    StartsWith,

    /// <summary><c>= null</c>, no value.</summary>
    IsNull,

    /// <summary><c>!= null</c>, no value.</summary>
    IsNotNull,
}
