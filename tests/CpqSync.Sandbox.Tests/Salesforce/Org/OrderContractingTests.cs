using static CpqSync.Sandbox.Tests.Salesforce.Org.OrgFixture;

namespace CpqSync.Sandbox.Tests.Salesforce.Org;

public class OrderContractingTests
{
    private static (CpqSync.Sandbox.Salesforce.Org.SalesforceOrg Org, string Order, string Line) ActivatedOrder()
    {
        var (org, _) = NewOrg();
        var account = Account(org);
        var (_, entry) = Product(org);
        var quote = org.Create("SBQQ__Quote__c", Json($$"""{"SBQQ__Account__c":"{{account}}","SBQQ__SubscriptionTerm__c":12,"SBQQ__StartDate__c":"2026-03-01"}"""));
        var order = org.Create("Order", Json($$"""
            {"AccountId":"{{account}}","EffectiveDate":"2026-03-01","EndDate":"2027-02-28","Pricebook2Id":"{{org.Info.StandardPricebookId}}","SBQQ__Quote__c":"{{quote}}"}
            """));
        var line = org.Create("OrderItem", Json($$"""
            {"OrderId":"{{order}}","PricebookEntryId":"{{entry}}","Quantity":4,"UnitPrice":120,"SBQQ__SubscriptionPricing__c":"Fixed Price",
             "SBQQ__BillingFrequency__c":"Monthly","SBQQ__ChargeType__c":"Recurring"}
            """));
        org.Update("Order", order, Json("""{"Status":"Activated"}"""));
        return (org, order, line);
    }

    [Fact]
    public void Contracting_an_activated_order_creates_its_contract_and_subscriptions()
    {
        var (org, order, line) = ActivatedOrder();

        org.Update("Order", order, Json("""{"SBQQ__Contracted__c":true}"""));

        var contract = Assert.Single(org.Children("Contract", "SBQQ__Order__c", order, includeDeleted: false));
        Assert.Equal(contract.Id, org.Find(order)!["ContractId"]);
        Assert.Equal(org.Find(order)!["SBQQ__Quote__c"], contract["SBQQ__Quote__c"]);
        Assert.Equal(12m, contract["ContractTerm"]);
        Assert.Equal(new DateOnly(2027, 2, 28), contract["EndDate"]);
        var subscription = Assert.Single(org.Children("SBQQ__Subscription__c", "SBQQ__Contract__c", contract.Id, includeDeleted: false));
        Assert.Equal(line, subscription["SBQQ__OrderProduct__c"]);
        Assert.Equal(4m, subscription["SBQQ__Quantity__c"]);
        Assert.Equal(subscription.Id, org.Find(line)!["SBQQ__Subscription__c"]);
    }

    [Fact]
    public void A_subscriptions_start_and_end_dates_are_its_own_else_its_contracts_and_end_on_termination()
    {
        var (org, order, _) = ActivatedOrder();
        org.Update("Order", order, Json("""{"SBQQ__Contracted__c":true}"""));
        var contract = Assert.Single(org.Records("Contract", includeDeleted: false));
        var subscription = Assert.Single(org.Children("SBQQ__Subscription__c", "SBQQ__Contract__c", contract.Id, includeDeleted: false));
        Assert.Equal(new DateOnly(2026, 3, 1), subscription["SBQQ__StartDate__c"]);
        Assert.Equal(new DateOnly(2027, 2, 28), subscription["SBQQ__EndDate__c"]);

        org.Update("SBQQ__Subscription__c", subscription.Id, Json("""{"SBQQ__SubscriptionStartDate__c":null,"SBQQ__SubscriptionEndDate__c":null}"""));
        org.Update("Contract", contract.Id, Json("""{"StartDate":"2026-04-01","ContractTerm":6}"""));
        var fromContract = org.Find(subscription.Id)!;
        org.Update("SBQQ__Subscription__c", subscription.Id, Json("""{"SBQQ__TerminatedDate__c":"2026-05-15"}"""));

        Assert.Equal(new DateOnly(2026, 4, 1), fromContract["SBQQ__StartDate__c"]);
        Assert.Equal(new DateOnly(2026, 9, 30), fromContract["SBQQ__EndDate__c"]);
        Assert.Equal(new DateOnly(2026, 5, 15), org.Find(subscription.Id)!["SBQQ__EndDate__c"]);
    }

    [Fact]
    public void Checking_contracted_on_a_draft_order_creates_no_contract()
    {
        var (org, _) = NewOrg();
        var order = DraftOrder(org, Account(org));

        org.Update("Order", order, Json("""{"SBQQ__Contracted__c":true}"""));

        Assert.Empty(org.Records("Contract", includeDeleted: true));
    }

    [Fact]
    public void Contracting_again_does_not_create_a_second_contract()
    {
        var (org, order, _) = ActivatedOrder();

        org.Update("Order", order, Json("""{"SBQQ__Contracted__c":true}"""));
        org.Update("Order", order, Json("""{"SBQQ__Contracted__c":false}"""));
        org.Update("Order", order, Json("""{"SBQQ__Contracted__c":true}"""));

        Assert.Single(org.Records("Contract", includeDeleted: false));
    }

    [Fact]
    public void Contracting_an_amendment_re_points_the_contract_to_it_and_keeps_the_initial_quote()
    {
        var (org, order, line) = ActivatedOrder();
        org.Update("Order", order, Json("""{"SBQQ__Contracted__c":true}"""));
        var contract = Assert.Single(org.Records("Contract", includeDeleted: false));
        var initial = org.Find(order)!;
        var amendment = org.Create("Order", Json($$"""
            {"AccountId":"{{initial["AccountId"]}}","EffectiveDate":"2026-06-01","EndDate":"2027-02-28","Pricebook2Id":"{{initial["Pricebook2Id"]}}",
             "Type":"Amendment","ContractId":"{{contract.Id}}"}
            """));
        org.Create("OrderItem", Json($$"""
            {"OrderId":"{{amendment}}","PricebookEntryId":"{{org.Find(line)!["PricebookEntryId"]}}","Quantity":2,"UnitPrice":90,
             "SBQQ__SubscriptionPricing__c":"Fixed Price","SBQQ__BillingFrequency__c":"Monthly","SBQQ__ChargeType__c":"Recurring",
             "SBQQ__RevisedOrderProduct__c":"{{line}}"}
            """));
        org.Update("Order", amendment, Json("""{"Status":"Activated"}"""));

        org.Update("Order", amendment, Json("""{"SBQQ__Contracted__c":true}"""));

        var after = Assert.Single(org.Records("Contract", includeDeleted: false));
        Assert.Equal(amendment, after["SBQQ__Order__c"]);
        Assert.Equal(initial["SBQQ__Quote__c"], after["SBQQ__Quote__c"]);
        Assert.Equal(2, org.Children("SBQQ__Subscription__c", "SBQQ__Contract__c", contract.Id, includeDeleted: false).Count());
    }
}
