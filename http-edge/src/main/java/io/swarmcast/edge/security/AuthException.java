package io.swarmcast.edge.security;

/** A request that is not signed in properly (401) or may not do what it asks (403). */
public final class AuthException extends RuntimeException {
    private final int status;
    private final String code;

    public AuthException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public static AuthException unauthenticated(String message) {
        return new AuthException(401, "unauthenticated", message);
    }

    public static AuthException forbidden(String message) {
        return new AuthException(403, "forbidden", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
