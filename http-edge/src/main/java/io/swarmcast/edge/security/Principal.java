package io.swarmcast.edge.security;

/**
 * Who is calling: {@code subject} (a user or key name), their {@code role}, the {@code tenant} whose
 * campaigns they may reach, and optionally the one {@code campaign} they are limited to (null: any of
 * the tenant's). Anonymous callers have no role and may only watch public campaigns.
 */
public record Principal(String subject, Role role, String tenant, String campaign) {
    public static final Principal ANONYMOUS = new Principal("anonymous", null, null, null);

    public boolean anonymous() {
        return role == null;
    }

    public boolean has(Role needed) {
        return role != null && role.includes(needed);
    }

    /** Whether this caller may act on campaigns of {@code campaignTenant} with id {@code id}. */
    public boolean reaches(String campaignTenant, String id) {
        if (role == null) {
            return false;
        }
        if (campaign != null && !campaign.equals(id)) {
            return false;
        }
        return role == Role.ADMIN && campaign == null || campaignTenant.equals(tenant);
    }
}
