namespace CpqSync.Sandbox.Tests.Salesforce.Soql;

public class SoqlErrorTests : SoqlTestOrg
{
    private const string FieldHint = "If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. "
        + "Please reference your WSDL or the describe call for the appropriate names.";

    private const string RelationshipHint = "If you are attempting to use a custom relationship, be sure to append the '__r' after the custom "
        + "relationship name. Please reference your WSDL or the describe call for the appropriate names.";

    [Fact]
    public void Unknown_object_is_invalid_type_with_a_caret_under_it()
    {
        var error = Error("SELECT Id FROM Foo");

        Assert.Equal(400, error.StatusCode);
        Assert.Equal("INVALID_TYPE", error.ErrorCode);
        Assert.Equal(
            "\nSELECT Id FROM Foo\n               ^\nERROR at Row:1:Column:16\nsObject type 'Foo' is not supported. If you are attempting "
            + "to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call "
            + "for the appropriate names.",
            error.Errors[0].Message);
    }

    [Fact]
    public void Unknown_field_is_invalid_field()
    {
        var error = Error("SELECT Id, Foo FROM Account");

        Assert.Equal("INVALID_FIELD", error.ErrorCode);
        Assert.Equal($"\nSELECT Id, Foo FROM Account\n           ^\nERROR at Row:1:Column:12\nNo such column 'Foo' on entity 'Account'. {FieldHint}",
            error.Errors[0].Message);
    }

    [Fact]
    public void Unknown_field_behind_a_relationship_names_the_parent_entity()
    {
        var error = Error("SELECT Account.Nmae FROM Order");

        Assert.Equal("INVALID_FIELD", error.ErrorCode);
        Assert.EndsWith($"ERROR at Row:1:Column:8\nNo such column 'Nmae' on entity 'Account'. {FieldHint}", error.Errors[0].Message);
    }

    [Fact]
    public void Unknown_relationship_in_a_path_is_invalid_field()
    {
        var error = Error("SELECT Id FROM Order WHERE Acount.Name = 'Acme'");

        Assert.Equal("INVALID_FIELD", error.ErrorCode);
        Assert.EndsWith($"ERROR at Row:1:Column:28\nDidn't understand relationship 'Acount' in field path. {RelationshipHint}",
            error.Errors[0].Message);
    }

    [Fact]
    public void Unknown_child_relationship_is_invalid_type()
    {
        var error = Error("SELECT Id, (SELECT Id FROM Items) FROM Order");

        Assert.Equal("INVALID_TYPE", error.ErrorCode);
        Assert.EndsWith($"ERROR at Row:1:Column:28\nDidn't understand relationship 'Items' in FROM part of query call. {RelationshipHint}",
            error.Errors[0].Message);
    }

    [Fact]
    public void Syntax_errors_are_malformed_query_at_the_unexpected_token()
    {
        var error = Error("SELECT Id FORM Account");

        Assert.Equal("MALFORMED_QUERY", error.ErrorCode);
        Assert.Equal("\nSELECT Id FORM Account\n          ^\nERROR at Row:1:Column:11\nunexpected token: 'FORM'", error.Errors[0].Message);
    }

    [Fact]
    public void A_query_that_ends_early_is_unexpected_end_of_input()
    {
        var error = Error("SELECT Id FROM");

        Assert.Equal("MALFORMED_QUERY", error.ErrorCode);
        Assert.EndsWith("ERROR at Row:1:Column:15\nunexpected token: '<EOF>'", error.Errors[0].Message);
    }

    [Fact]
    public void And_and_or_cannot_be_mixed_without_parentheses()
    {
        var error = Error("SELECT Id FROM Order WHERE Status = 'Draft' AND TotalAmount > 1 OR Id = null");

        Assert.Equal("MALFORMED_QUERY", error.ErrorCode);
        Assert.EndsWith("ERROR at Row:1:Column:65\nunexpected token: 'OR'", error.Errors[0].Message);
    }

    [Fact]
    public void Errors_on_later_rows_show_that_row_and_its_number()
    {
        var error = Error("SELECT Id\nFROM Account\nWHERE Nme = 'Acme'");

        Assert.Equal($"\nWHERE Nme = 'Acme'\n      ^\nERROR at Row:3:Column:7\nNo such column 'Nme' on entity 'Account'. {FieldHint}",
            error.Errors[0].Message);
    }

    [Theory]
    [InlineData("SELECT Id FROM Product2 WHERE IsActive = 'true'", 42, "IsActive", "boolean", "not be")]
    [InlineData("SELECT Id FROM Product2 WHERE IsActive = 1", 42, "IsActive", "boolean", "not be")]
    [InlineData("SELECT Id FROM Account WHERE Name = 5", 37, "Name", "string", "be")]
    [InlineData("SELECT Id FROM OrderItem WHERE Quantity > '2'", 43, "Quantity", "double", "not be")]
    [InlineData("SELECT Id FROM Order WHERE EffectiveDate = '2026-01-31'", 44, "EffectiveDate", "date", "not be")]
    [InlineData("SELECT Id FROM Order WHERE EffectiveDate = 2026-01-31T00:00:00Z", 44, "EffectiveDate", "date", "not be")]
    [InlineData("SELECT Id FROM Order WHERE ActivatedDate > 2026-01-31", 44, "ActivatedDate", "dateTime", "not be")]
    [InlineData("SELECT Id FROM Order WHERE Status IN ('Draft', true)", 48, "Status", "string", "be")]
    public void Literals_must_suit_the_field_type(string soql, int column, string field, string type, string quotes)
    {
        var error = Error(soql);

        Assert.Equal("INVALID_FIELD", error.ErrorCode);
        Assert.EndsWith(
            $"ERROR at Row:1:Column:{column}\nvalue of filter criterion for field '{field}' must be of type {type} and should {quotes} enclosed in quotes",
            error.Errors[0].Message);
    }

    [Fact]
    public void Long_text_areas_cannot_be_filtered_or_sorted()
    {
        var filter = Error("SELECT Id FROM Order WHERE Notes__c = 'x'");
        Assert.Equal("INVALID_FIELD", filter.ErrorCode);
        Assert.EndsWith("ERROR at Row:1:Column:28\nfield 'Notes__c' can not be filtered in a query call", filter.Errors[0].Message);

        var sort = Error("SELECT Id FROM Order ORDER BY Notes__c");
        Assert.EndsWith("ERROR at Row:1:Column:31\nfield 'Notes__c' can not be sorted in a query call", sort.Errors[0].Message);

        Assert.Equal(3, Query("SELECT Notes__c FROM Order").TotalSize);
    }

    [Fact]
    public void A_malformed_id_is_an_invalid_id_filter()
    {
        var error = Error("SELECT Id FROM Account WHERE Id = '001nope'");

        Assert.Equal("INVALID_QUERY_FILTER_OPERATOR", error.ErrorCode);
        Assert.EndsWith("ERROR at Row:1:Column:35\ninvalid ID field: 001nope", error.Errors[0].Message);
    }

    [Fact]
    public void Offset_is_capped_at_2000()
    {
        Assert.Empty(Ids("SELECT Id FROM Account OFFSET 2000"));

        var error = Error("SELECT Id FROM Account OFFSET 2001");
        Assert.Equal("NUMBER_OUTSIDE_VALID_RANGE", error.ErrorCode);
        Assert.Equal("Maximum SOQL offset allowed is 2000", error.Errors[0].Message);
    }

    [Fact]
    public void Fields_all_needs_a_limit_of_at_most_200()
    {
        var error = Error("SELECT FIELDS(ALL) FROM Account");
        Assert.Equal("MALFORMED_QUERY", error.ErrorCode);
        Assert.Equal("The SOQL FIELDS function must have a LIMIT of at most 200", error.Errors[0].Message);

        Assert.Equal("MALFORMED_QUERY", Error("SELECT FIELDS(CUSTOM) FROM Account LIMIT 201").ErrorCode);
    }

    [Theory]
    [InlineData("SELECT Id FROM Account WHERE CreatedDate = LAST_DECADE", 44, "LAST_DECADE")]
    [InlineData("SELECT Id FROM Account WHERE Name = 'Acme' LIMIT", 49, "<EOF>")]
    [InlineData("SELECT Id FROM Account WHERE Name 'Acme'", 35, "'Acme'")]
    [InlineData("SELECT Id FROM Account WHERE CreatedDate > 2026-13-45", 44, "2026-13-45")]
    [InlineData("SELECT Id, FROM Account", 12, "FROM")]
    [InlineData("SELECT Id FROM Account WHERE Name = 'Acme", 37, "'")]
    [InlineData("SELECT Id FROM Account WHERE Name IN ()", 39, ")")]
    [InlineData("SELECT Id FROM Account ORDER BY Name NULLS", 43, "<EOF>")]
    [InlineData("SELECT Id FROM Account LIMIT -1", 30, "-1")]
    public void Other_syntax_errors_point_at_the_token(string soql, int column, string token)
    {
        var error = Error(soql);

        Assert.Equal("MALFORMED_QUERY", error.ErrorCode);
        Assert.EndsWith($"ERROR at Row:1:Column:{column}\nunexpected token: '{token}'", error.Errors[0].Message);
    }

    [Fact]
    public void Characters_soql_does_not_know_fail_in_the_lexer_which_counts_columns_from_zero()
    {
        var error = Error("select Id from Account where id = $sfid");

        Assert.Equal("MALFORMED_QUERY", error.ErrorCode);
        Assert.Equal(
            "\nselect Id from Account where id = $sfid\n" + new string(' ', 33) + "^\nERROR at Row:1:Column:34\n"
            + "line 1:34 no viable alternative at character '$'",
            error.Errors[0].Message);
        Assert.EndsWith("no viable alternative at character '\"'", Error("SELECT Id FROM Account WHERE Name = \"Acme\"").Errors[0].Message);
        Assert.EndsWith("line 1:42 no viable alternative at character ';'", Error("SELECT Id FROM Account WHERE Name = 'Acme';").Errors[0].Message);
    }

    [Fact]
    public void An_unknown_escape_in_a_string_is_malformed()
    {
        var error = Error(@"SELECT Id FROM Account WHERE Name = 'A\qB'");

        Assert.Equal("MALFORMED_QUERY", error.ErrorCode);
        Assert.Contains("ERROR at Row:1:Column:37", error.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains(@"Illegal character sequence '\q' in string literal.", error.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cached_query_keeps_failing_the_same_way_and_good_queries_keep_working()
    {
        Assert.Equal("INVALID_TYPE", Error("SELECT Id FROM Foo").ErrorCode);
        Assert.Equal("INVALID_TYPE", Error("SELECT Id FROM Foo").ErrorCode);
        Assert.Equal(2, Query("SELECT Id FROM Account").TotalSize);
        Assert.Equal(2, Query("SELECT Id FROM Account").TotalSize);
    }
}
