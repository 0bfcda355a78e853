using System.Security.Claims;

namespace CpqSync.Web.Setup;

/// <summary>Who may change the setup: administrators. Everyone signed in may look at it.</summary>
public static class SetupAccess
{
    /// <summary>The role of users who may change settings.</summary>
    public const string AdminRole = "admin";

    public static bool CanEdit(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Identity?.IsAuthenticated == true && user.IsInRole(AdminRole);
    }
}
