package io.swarmcast.edge.api;

/**
 * An API failure as every endpoint reports it: the HTTP {@code status}, a stable {@code code}, a
 * {@code message} for people and the offending {@code field} (null when no field is to blame).
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String code;
    private final String field;

    public ApiError(int status, String code, String field, String message) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    public static ApiError badRequest(String field, String message) {
        return new ApiError(400, "invalid", field, message);
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, "not-found", null, message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }
}
