package io.swarmcast.edge.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.swarmcast.campaign.CampaignEntity;
import io.swarmcast.campaign.CampaignMeta;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.UUID;

/**
 * Signed tokens: JWTs signed with HMAC-SHA256 (Nimbus JOSE+JWT). Claims: {@code sub}, {@code role},
 * {@code tenant}, optionally {@code campaign}, {@code iat}, {@code exp}, {@code iss}=swarmcast. Only
 * HS256 is accepted: unsigned ("none") and other algorithms are refused.
 */
public final class TokenService {
    public static final String ISSUER = "swarmcast";
    private static final Duration SKEW = Duration.ofSeconds(30);
    private final byte[] key;
    private final Clock clock;

    public TokenService(byte[] key, Clock clock) {
        if (key.length < 32) {
            throw new IllegalArgumentException("the token signing key must be at least 32 bytes, was " + key.length);
        }
        this.key = key.clone();
        this.clock = clock;
    }

    public String issue(String subject, Role role, String tenant, String campaign, Duration ttl) {
        if (role == null) {
            throw new IllegalArgumentException("a token needs a role");
        }
        if (!CampaignMeta.validTenant(tenant)) {
            throw new IllegalArgumentException("invalid tenant '" + tenant + "'");
        }
        if (campaign != null && !CampaignEntity.validId(campaign)) {
            throw new IllegalArgumentException("invalid campaign id '" + campaign + "'");
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("the time to live must be positive");
        }
        long now = clock.millis();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
            .issuer(ISSUER).subject(subject).jwtID(UUID.randomUUID().toString())
            .issueTime(new Date(now)).expirationTime(new Date(now + ttl.toMillis()))
            .claim("role", role.wireName()).claim("tenant", tenant);
        if (campaign != null) {
            claims.claim("campaign", campaign);
        }
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
            jwt.sign(new MACSigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    /** The principal a token stands for, or {@link AuthException} (401) saying why it is not accepted. */
    public Principal verify(String token) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw AuthException.unauthenticated("the token is not a signed JWT");
        }
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            throw AuthException.unauthenticated("tokens must be signed with HS256");
        }
        try {
            if (!jwt.verify(new MACVerifier(key))) {
                throw AuthException.unauthenticated("the token's signature is not valid");
            }
        } catch (JOSEException e) {
            throw AuthException.unauthenticated("the token's signature cannot be checked");
        }
        try {
            JWTClaimsSet c = jwt.getJWTClaimsSet();
            if (!ISSUER.equals(c.getIssuer())) {
                throw AuthException.unauthenticated("the token was not issued by swarmcast");
            }
            Date exp = c.getExpirationTime();
            if (exp == null || exp.getTime() + SKEW.toMillis() < clock.millis()) {
                throw AuthException.unauthenticated("the token has expired");
            }
            Role role = Role.parse(c.getStringClaim("role"));
            String tenant = c.getStringClaim("tenant");
            String campaign = c.getStringClaim("campaign");
            if (role == null || c.getSubject() == null || !CampaignMeta.validTenant(tenant)) {
                throw AuthException.unauthenticated("the token lacks a valid subject, role or tenant");
            }
            return new Principal(c.getSubject(), role, tenant, campaign);
        } catch (ParseException e) {
            throw AuthException.unauthenticated("the token's claims are malformed");
        }
    }
}
