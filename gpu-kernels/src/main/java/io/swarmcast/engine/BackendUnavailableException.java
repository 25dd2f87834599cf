package io.swarmcast.engine;

/** A backend was asked for but cannot run here; the message says why and what to install. */
public class BackendUnavailableException extends RuntimeException {
    public BackendUnavailableException(String message) {
        super(message);
    }

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
