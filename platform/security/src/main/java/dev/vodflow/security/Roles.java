package dev.vodflow.security;

/**
 * The roles vodflow knows, by the one name each has in tokens. A service asks {@code hasRole(Roles.OPERATOR)};
 * {@link RoleClaimAuthorities} turns the token's role claim into the matching {@code ROLE_} authorities.
 */
public final class Roles {

    /** Operators: rebuild and replay the catalog, inspect and retry transcode jobs, re-drive dead letters. */
    public static final String OPERATOR = "admin";

    private Roles() {}
}
