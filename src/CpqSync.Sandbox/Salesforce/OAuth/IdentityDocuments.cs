using System.Text.Json.Nodes;
using CpqSync.Sandbox.Salesforce.Http;

namespace CpqSync.Sandbox.Salesforce.OAuth;

/// <summary>The identity service's answers about the API user: the identity URL document and OpenID Connect userinfo.</summary>
internal static class IdentityDocuments
{
    public static JsonObject Identity(SandboxContext context)
    {
        var info = context.Org.Info;
        var user = info.ApiUser;
        var (first, last) = SplitName(user.Name);
        return new JsonObject
        {
            ["id"] = context.IdentityUrl(user.Id),
            ["asserted_user"] = true,
            ["user_id"] = user.Id,
            ["organization_id"] = info.OrganizationId,
            ["username"] = context.Credentials.Username,
            ["nick_name"] = context.Credentials.Username.Split('@')[0],
            ["display_name"] = user.Name,
            ["email"] = user.Email,
            ["email_verified"] = true,
            ["first_name"] = first,
            ["last_name"] = last,
            ["timezone"] = "GMT",
            ["status"] = new JsonObject { ["created_date"] = null, ["body"] = null },
            ["urls"] = Urls(context),
            ["active"] = true,
            ["user_type"] = "STANDARD",
            ["language"] = "en_US",
            ["locale"] = "en_US",
            ["utcOffset"] = 0,
            ["is_app_installed"] = true,
        };
    }

    public static JsonObject UserInfo(SandboxContext context)
    {
        var info = context.Org.Info;
        var user = info.ApiUser;
        var (first, last) = SplitName(user.Name);
        return new JsonObject
        {
            ["sub"] = context.IdentityUrl(user.Id),
            ["user_id"] = user.Id,
            ["organization_id"] = info.OrganizationId,
            ["preferred_username"] = context.Credentials.Username,
            ["nickname"] = context.Credentials.Username.Split('@')[0],
            ["name"] = user.Name,
            ["email"] = user.Email,
            ["email_verified"] = true,
            ["given_name"] = first,
            ["family_name"] = last,
            ["zoneinfo"] = "GMT",
            ["urls"] = Urls(context),
            ["active"] = true,
            ["user_type"] = "STANDARD",
            ["language"] = "en_US",
            ["locale"] = "en_US",
            ["utcOffset"] = 0,
        };
    }

    private static JsonObject Urls(SandboxContext context)
    {
        var data = $"{context.LoginUrl}/services/data/v{{version}}/";
        return new JsonObject
        {
            ["rest"] = data,
            ["sobjects"] = data + "sobjects/",
            ["query"] = data + "query/",
            ["recent"] = data + "recent/",
            ["profile"] = $"{context.LoginUrl}/{context.Org.Info.ApiUser.Id}",
            ["custom_domain"] = context.LoginUrl,
        };
    }

    private static (string First, string Last) SplitName(string name)
    {
        var space = name.LastIndexOf(' ');
        return space < 0 ? ("", name) : (name[..space], name[(space + 1)..]);
    }
}
