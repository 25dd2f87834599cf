package io.swarmcast.edge.stream;

/**
 * A client message the server cannot accept. {@code fatal} ones (a protocol version the server does
 * not speak) end the connection after the error is sent; the others only answer with an error.
 */
public final class ProtocolException extends RuntimeException {
    private final String code;
    private final String field;
    private final boolean fatal;

    public ProtocolException(String code, String field, String message, boolean fatal) {
        super(message);
        this.code = code;
        this.field = field;
        this.fatal = fatal;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }

    public boolean fatal() {
        return fatal;
    }
}
