package io.swarmcast.edge.security;

import java.util.Optional;

/** Turns a request's credentials (bearer token or API key, either optional) into a principal. */
public final class Authenticator {
    private final TokenService tokens;
    private final ApiKeys keys;

    public Authenticator(TokenService tokens, ApiKeys keys) {
        this.tokens = tokens;
        this.keys = keys;
    }

    public TokenService tokens() {
        return tokens;
    }

    /**
     * The caller: {@link Principal#ANONYMOUS} without credentials, else the token's or key's principal;
     * bad credentials are an {@link AuthException} (401), never anonymous.
     */
    public Principal authenticate(Optional<String> bearer, Optional<String> apiKey) {
        if (bearer.isPresent() && apiKey.isPresent()) {
            throw AuthException.unauthenticated("send a token or an API key, not both");
        }
        if (bearer.isPresent()) {
            return tokens.verify(bearer.get());
        }
        if (apiKey.isPresent()) {
            return keys.verify(apiKey.get());
        }
        return Principal.ANONYMOUS;
    }
}
