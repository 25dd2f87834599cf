package io.swarmcast.campaign;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swarmcast.campaign.serialization.CborSerializable;
import java.util.regex.Pattern;

/**
 * Who a campaign belongs to and who may watch it: its {@code tenant} (access is granted per tenant),
 * whether anyone may watch it without signing in ({@code public}), and the subject that created it.
 */
public record CampaignMeta(String tenant, @JsonProperty("public") boolean isPublic, String owner)
    implements CborSerializable {
    public static final String DEFAULT_TENANT = "default";
    private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    /** What campaigns created before metadata existed, or without any, carry. */
    public static final CampaignMeta DEFAULT = new CampaignMeta(DEFAULT_TENANT, false, "");

    public CampaignMeta {
        tenant = tenant == null || tenant.isEmpty() ? DEFAULT_TENANT : tenant;
        owner = owner == null ? "" : owner;
    }

    public static boolean validTenant(String tenant) {
        return tenant != null && TENANT.matcher(tenant).matches();
    }

    public CampaignMeta withPublic(boolean p) {
        return new CampaignMeta(tenant, p, owner);
    }
}
