namespace Rapport.Browser.Tests;

/// <summary>The questions the journeys ask the business's SQLite database, to find their people and check what was stored.</summary>
internal static class Sql
{
    /// <summary>
    /// Members of staff (not managers) with calls today to customers of their own branch, the busiest
    /// first: one click on Today needs a call to click on.
    /// </summary>
    /// <param name="business">The served business.</param>
    /// <param name="standingIn">Only staff whose every call today is to another member of staff's customer (not their own account).</param>
    public static string StaffWithCallsToday(ServedBusiness business, bool standingIn = false) => $"""
        SELECT s.staff_id FROM staff s
        JOIN plan_touches p ON p.staff_id = s.staff_id AND p.start_minute IS NOT NULL AND p.day = {business.PlanDayNumber}
        JOIN customers c ON c.customer_id = p.customer_id AND c.home_branch_id = s.branch_id
        WHERE s.role = 'staff'{(standingIn ? $" AND NOT EXISTS (SELECT 1 FROM plan_touches o JOIN customers oc ON oc.customer_id = o.customer_id WHERE o.staff_id = s.staff_id AND o.day = {business.PlanDayNumber} AND o.start_minute IS NOT NULL AND oc.account_manager_id = s.staff_id)" : string.Empty)}
        GROUP BY s.staff_id ORDER BY COUNT(*) DESC, s.staff_id
        """;

    /// <summary>Members of staff with the fewest calls today first, for journeys that need no call (they leave the calls to the Today journeys).</summary>
    public static string StaffWithFewestCalls(ServedBusiness business, string role = "staff", string? branchId = null) => $"""
        SELECT s.staff_id FROM staff s
        WHERE s.role = '{role}' AND s.branch_id = {(branchId is null ? "s.branch_id" : $"'{branchId}'")} AND EXISTS (SELECT 1 FROM customers c WHERE c.home_branch_id = s.branch_id)
        ORDER BY (SELECT COUNT(*) FROM plan_touches p WHERE p.staff_id = s.staff_id AND p.day = {business.PlanDayNumber}), s.staff_id
        """;

    /// <summary>A member of staff's calls today that their Today page shows (customers of their branch, or placed there by the plan).</summary>
    public static string CallsToday(ServedBusiness business, string staffId, string select) => $"""
        SELECT {select} FROM plan_touches p
        JOIN customers c ON c.customer_id = p.customer_id
        LEFT JOIN plan_customers pc ON pc.customer_id = p.customer_id
        WHERE p.staff_id = '{staffId}' AND p.start_minute IS NOT NULL AND p.day = {business.PlanDayNumber}
          AND COALESCE(c.home_branch_id, pc.branch_id) = (SELECT branch_id FROM staff WHERE staff_id = '{staffId}')
        """;

    /// <summary>The touch a call's outcome became: customer, outcome, caller, direction, channel and status.</summary>
    public static string StoredCall(string touchId) =>
        $"SELECT customer_id || '|' || outcome || '|' || staff_id || '|' || direction || '|' || channel || '|' || status FROM touches WHERE touch_id = '{touchId}'";

    /// <summary>The name the pages show for a customer: first and last name, else the company.</summary>
    public static string NameOf(string customerId) =>
        $"SELECT COALESCE(NULLIF(TRIM(COALESCE(first_name, '') || ' ' || COALESCE(last_name, '')), ''), company, customer_id) FROM customers WHERE customer_id = '{customerId}'";

    /// <summary>The branch a member of staff works at.</summary>
    public static string BranchOf(string staffId) => $"SELECT branch_id FROM staff WHERE staff_id = '{staffId}'";

    /// <summary>
    /// English-speaking customers of a branch with purchases, consent history and touches planned, and
    /// nothing due today (today's touches belong to the Today and send journeys).
    /// </summary>
    public static string RoundedCustomersOf(ServedBusiness business, string branchId) => $"""
        SELECT c.customer_id FROM customers c
        WHERE c.home_branch_id = '{branchId}' AND c.language LIKE 'en%'
          AND EXISTS (SELECT 1 FROM purchases x WHERE x.customer_id = c.customer_id)
          AND EXISTS (SELECT 1 FROM consents x WHERE x.customer_id = c.customer_id)
          AND EXISTS (SELECT 1 FROM plan_touches x WHERE x.customer_id = c.customer_id)
          AND NOT EXISTS (SELECT 1 FROM consents x WHERE x.customer_id = c.customer_id AND x.status = 'withdrawn')
          AND NOT EXISTS (SELECT 1 FROM plan_touches x WHERE x.customer_id = c.customer_id AND x.day = {business.PlanDayNumber})
        ORDER BY c.customer_id
        """;

    /// <summary>Per channel, the latest consent record's status, for one customer: <c>email=granted;phone=withdrawn…</c>.</summary>
    public static string ConsentNow(string customerId) => $"""
        SELECT GROUP_CONCAT(channel || '=' || status, ';') FROM (
          SELECT k.channel, k.status FROM consents k
          WHERE k.customer_id = '{customerId}'
            AND k.consent_id = (SELECT k2.consent_id FROM consents k2 WHERE k2.customer_id = k.customer_id AND k2.channel = k.channel ORDER BY k2.at DESC, k2.consent_id DESC LIMIT 1)
          ORDER BY k.channel)
        """;
}
