package io.swarmcast.edge.security;

import java.util.Locale;

/** Roles, each including every one before it. */
public enum Role {
    /** Watch campaigns. */
    VIEWER,
    /** Also send inputs. */
    PLAYER,
    /** Also control campaigns: create, start, pause, resume, stop, parameters, replay, snapshots. */
    OPERATOR,
    /** Everything, in every tenant. */
    ADMIN;

    public boolean includes(Role other) {
        return ordinal() >= other.ordinal();
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named {@code name}, or null. */
    public static Role parse(String name) {
        if (name == null) {
            return null;
        }
        for (Role r : values()) {
            if (r.wireName().equals(name)) {
                return r;
            }
        }
        return null;
    }
}
