
namespace CpqSync.Salesforce.Tests.SoqlBuilding;

public class SoqlLiteralTests
{
    [Theory]
    [InlineData("Acme", "'Acme'")]
    [InlineData("Bob's BBQ", @"'Bob\'s BBQ'")]
    [InlineData(@"C:\temp", @"'C:\\temp'")]
    [InlineData("say \"hi\"", @"'say \""hi\""'")]
    [InlineData("line1\nline2\r\n", @"'line1\nline2\r\n'")]
    [InlineData("a\tb\bc\fd", @"'a\tb\bc\fd'")]
    [InlineData("nul\0bell\u0007", @"'nul\u0000bell\u0007'")]
    [InlineData("50%_off", "'50%_off'")]
    [InlineData("Zürich 東京", "'Zürich 東京'")]
    public void Strings_are_quoted_with_every_special_character_escaped(string value, string expected) =>
        Assert.Equal(expected, SoqlLiteral.Format(value));

    [Theory]
    [InlineData("' OR Name != '")]
    [InlineData("\\' OR Name != '")]
    [InlineData("x' OR Id != null OR Name = '")]
    [InlineData("') OR (Name != '")]
    public void A_hostile_string_stays_one_literal(string hostile)
    {
        var literal = SoqlLiteral.Format(hostile);

        Assert.StartsWith("'", literal, StringComparison.Ordinal);
        Assert.EndsWith("'", literal, StringComparison.Ordinal);
        Assert.Equal(hostile, Unquote(literal));
    }

    [Fact]
    public void Scalars_use_their_soql_forms()
    {
        Assert.Equal("null", SoqlLiteral.Format(null));
        Assert.Equal("true", SoqlLiteral.Format(true));
        Assert.Equal("false", SoqlLiteral.Format(false));
        Assert.Equal("42", SoqlLiteral.Format(42));
        Assert.Equal("-7", SoqlLiteral.Format(-7L));
        Assert.Equal("1234.5", SoqlLiteral.Format(1234.5m));
        Assert.Equal("0.1", SoqlLiteral.Format(0.1));
        Assert.Equal("0.00001", SoqlLiteral.Format(1e-5));
        Assert.Equal("2026-01-31", SoqlLiteral.Format(new DateOnly(2026, 1, 31)));
        Assert.Equal("'1f0c1b4e-0000-4000-8000-000000000001'", SoqlLiteral.Format(Guid.Parse("1f0c1b4e-0000-4000-8000-000000000001")));
        Assert.Equal("'Friday'", SoqlLiteral.Format(DayOfWeek.Friday));
    }

    [Fact]
    public void Datetimes_are_written_in_utc()
    {
        Assert.Equal("2026-01-31T09:00:00Z", SoqlLiteral.Format(new DateTime(2026, 1, 31, 9, 0, 0, DateTimeKind.Utc)));
        Assert.Equal("2026-01-31T09:00:00Z", SoqlLiteral.Format(new DateTimeOffset(2026, 1, 31, 10, 0, 0, TimeSpan.FromHours(1))));
        Assert.Equal("2026-01-31T09:00:00.250Z", SoqlLiteral.Format(new DateTimeOffset(2026, 1, 31, 9, 0, 0, 250, TimeSpan.Zero)));
    }

    [Fact]
    public void Values_without_a_soql_form_are_refused()
    {
        Assert.Throws<ArgumentException>(() => SoqlLiteral.Format(new DateTime(2026, 1, 31, 9, 0, 0, DateTimeKind.Unspecified)));
        Assert.Throws<ArgumentException>(() => SoqlLiteral.Format(double.NaN));
        Assert.Throws<ArgumentException>(() => SoqlLiteral.Format(double.PositiveInfinity));
        Assert.Throws<ArgumentException>(() => SoqlLiteral.Format(new object()));
        Assert.Throws<ArgumentException>(() => SoqlLiteral.Format(Array.Empty<string>()));
        Assert.Throws<ArgumentException>(() => SoqlLiteral.Format(new[] { new[] { "nested" } }));
    }

    [Fact]
    public void Sequences_become_in_lists_of_literals()
    {
        Assert.Equal("('Draft', 'Activated')", SoqlLiteral.Format(new[] { "Draft", "Activated" }));
        Assert.Equal("(1, 2, 3)", SoqlLiteral.Format(new List<int> { 1, 2, 3 }));
        Assert.Equal(@"('a\'b', null)", SoqlLiteral.Format(new[] { "a'b", null }));
    }

    [Fact]
    public void Like_patterns_escape_wildcards_in_the_callers_text_only()
    {
        Assert.Equal(@"'50\%\_off%'", SoqlLikePattern.StartsWith("50%_off").ToString());
        Assert.Equal(@"'%Bob\'s%'", SoqlLikePattern.Contains("Bob's").ToString());
        Assert.Equal(@"'%\\'", SoqlLikePattern.EndsWith(@"\").ToString());
        Assert.Equal(@"'Ter\%'", SoqlLikePattern.Exactly("Ter%").ToString());
    }

    /// <summary>Reads a SOQL string literal back the way Salesforce's parser would, failing on an early end.</summary>
    private static string Unquote(string literal)
    {
        var result = new System.Text.StringBuilder();
        for (var i = 1; i < literal.Length - 1; i++)
        {
            var c = literal[i];
            Assert.NotEqual('\'', c); // an unescaped quote would end the literal early
            if (c == '\\')
            {
                var next = literal[++i];
                result.Append(next switch { 'n' => '\n', 'r' => '\r', 't' => '\t', 'b' => '\b', 'f' => '\f', _ => next });
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }
}
