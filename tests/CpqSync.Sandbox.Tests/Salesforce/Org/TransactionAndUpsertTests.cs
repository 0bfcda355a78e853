using CpqSync.Sandbox.Salesforce;
using CpqSync.Sandbox.Salesforce.Org;
using CpqSync.Sandbox.Salesforce.Schema;
using static CpqSync.Sandbox.Tests.Salesforce.Org.OrgFixture;

namespace CpqSync.Sandbox.Tests.Salesforce.Org;

public class TransactionAndUpsertTests
{
    private static readonly SObjectSchema StripeIdOnAccount = new(
        "Account", "Account", "Accounts", "001", false,
        [new FieldSchema { Name = "Stripe_ID__c", Label = "Stripe ID", Type = FieldType.String, Length = 255, ExternalId = true, Unique = true, Custom = true }],
        []);

    private static SalesforceOrg OrgWithExternalId() =>
        SalesforceOrg.Create(new SalesforceOrgOptions { ExtraSchema = [StripeIdOnAccount] }, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Start));

    [Fact]
    public void A_failing_transaction_undoes_every_change_it_made()
    {
        var (org, _) = NewOrg();
        var existing = Account(org, "Before");
        string? created = null;

        Assert.Throws<SalesforceErrorException>(() => org.Transaction(_ =>
        {
            created = Account(org, "Inside");
            org.Update("Account", existing, Json("""{"Name":"Changed"}"""));
            return org.Create("Account", Json("{}"));
        }));

        Assert.Null(org.Find(created!));
        Assert.Equal("Before", (string?)org.Retrieve("Account", existing, ["Name"], "59.0")["Name"]);
        Assert.Single(org.Records("Account", includeDeleted: true));
    }

    [Fact]
    public void Mark_rollback_undoes_changes_without_an_exception()
    {
        var (org, _) = NewOrg();

        var id = org.Transaction(tx =>
        {
            var created = Account(org);
            tx.MarkRollback();
            return created;
        });

        Assert.Null(org.Find(id));
    }

    [Fact]
    public void A_nested_transaction_undoes_only_its_own_changes()
    {
        var (org, _) = NewOrg();

        var (outer, inner) = org.Transaction(_ =>
        {
            var first = Account(org, "Outer");
            var second = org.Transaction(tx =>
            {
                var created = Account(org, "Inner");
                tx.MarkRollback();
                return created;
            });
            return (first, second);
        });

        Assert.NotNull(org.Find(outer));
        Assert.Null(org.Find(inner));
    }

    [Fact]
    public void Ids_are_not_reused_after_a_rollback()
    {
        var (org, _) = NewOrg();
        var rolledBack = org.Transaction(tx =>
        {
            tx.MarkRollback();
            return Account(org);
        });

        var next = Account(org);

        Assert.NotEqual(rolledBack, next);
    }

    [Fact]
    public void Upsert_creates_then_updates_by_external_id()
    {
        var org = OrgWithExternalId();

        var (id, created) = org.Upsert("Account", "Stripe_ID__c", "cus_123", Json("""{"Name":"First"}"""));
        var (sameId, createdAgain) = org.Upsert("Account", "Stripe_ID__c", "CUS_123", Json("""{"Name":"Second"}"""));

        Assert.True(created);
        Assert.False(createdAgain);
        Assert.Equal(id, sameId);
        var json = org.Retrieve("Account", id, ["Name", "Stripe_ID__c"], "59.0");
        Assert.Equal("Second", (string?)json["Name"]);
        Assert.Equal("cus_123", (string?)json["Stripe_ID__c"]);
    }

    [Fact]
    public void Upsert_on_a_field_that_is_not_an_external_id_is_not_found()
    {
        var org = OrgWithExternalId();

        var error = Fails(() => org.Upsert("Account", "Phone", "1", Json("""{"Name":"A"}""")));

        Assert.Equal(404, error.StatusCode);
        Assert.Equal("NOT_FOUND", error.ErrorCode);
    }

    [Fact]
    public void A_unique_field_rejects_a_second_record_with_the_same_value()
    {
        var org = OrgWithExternalId();
        var first = org.Create("Account", Json("""{"Name":"A","Stripe_ID__c":"cus_1"}"""));

        var error = Fails(() => org.Create("Account", Json("""{"Name":"B","Stripe_ID__c":"cus_1"}""")));

        Assert.Equal("DUPLICATE_VALUE", error.ErrorCode);
        Assert.Contains(first, error.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_objects_and_records_are_not_found()
    {
        var (org, _) = NewOrg();
        var account = Account(org);

        var unknownObject = Fails(() => org.Create("Widget__c", Json("""{"Name":"A"}""")));
        var missing = Fails(() => org.Retrieve("Account", CpqSync.Sandbox.Salesforce.Data.SalesforceId.Create("001", 777), null, "59.0"));
        var wrongObject = Fails(() => org.Retrieve("Contact", account, null, "59.0"));
        var notAnId = Fails(() => org.Update("Account", "garbage", Json("{}")));

        Assert.Equal("The requested resource does not exist", unknownObject.Errors[0].Message);
        Assert.All([unknownObject, missing, wrongObject, notAnId], e => Assert.Equal(404, e.StatusCode));
        Assert.Equal("NOT_FOUND", missing.ErrorCode);
    }

    [Fact]
    public void Deleted_records_cannot_be_updated_or_deleted_again()
    {
        var (org, _) = NewOrg();
        var account = Account(org);
        org.Delete("Account", account);

        Assert.Equal("ENTITY_IS_DELETED", Fails(() => org.Update("Account", account, Json("""{"Phone":"1"}"""))).ErrorCode);
        Assert.Equal("ENTITY_IS_DELETED", Fails(() => org.Delete("Account", account)).ErrorCode);
    }

    [Fact]
    public void Retrieve_with_an_unknown_field_is_an_invalid_field()
    {
        var (org, _) = NewOrg();
        var account = Account(org);

        var error = Fails(() => org.Retrieve("Account", account, ["Name", "Nope__c"], "59.0"));

        Assert.Equal("INVALID_FIELD", error.ErrorCode);
        Assert.StartsWith("No such column 'Nope__c' on entity 'Account'.", error.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lookup_can_be_set_through_the_parent_external_id()
    {
        var org = OrgWithExternalId();
        var account = org.Create("Account", Json("""{"Name":"A","Stripe_ID__c":"cus_9"}"""));

        var contact = org.Create("Contact", Json("""{"LastName":"L","Account":{"Stripe_ID__c":"cus_9"}}"""));
        var missing = Fails(() => org.Create("Contact", Json("""{"LastName":"L","Account":{"Stripe_ID__c":"cus_0"}}""")));

        Assert.Equal(account, (string?)org.Retrieve("Contact", contact, ["AccountId"], "59.0")["AccountId"]);
        Assert.Equal("INVALID_FIELD", missing.ErrorCode);
        Assert.Equal("Foreign key external ID: cus_0 not found for field Stripe_ID__c in entity Account", missing.Errors[0].Message);
    }

    [Fact]
    public void An_unknown_seed_is_refused_at_start()
    {
        Assert.Throws<ArgumentException>(() => SalesforceOrg.Create(
            new SalesforceOrgOptions { Seed = "lots" }, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Start)));
    }
}
