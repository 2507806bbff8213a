package dev.vodflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

class RoleClaimAuthoritiesTests {

    @Test
    void theOperatorRoleIsOneRoleHoweverTheProviderSpellsIt() {
        RoleClaimAuthorities roles = new RoleClaimAuthorities("roles");
        assertThat(authorities(roles, "roles", List.of("ADMIN"))).containsExactly("ROLE_" + Roles.OPERATOR);
        assertThat(authorities(roles, "roles", List.of("admin"))).containsExactly("ROLE_" + Roles.OPERATOR);
    }

    @Test
    void readsTheConfiguredClaimAsAListOrASpaceSeparatedString() {
        RoleClaimAuthorities groups = new RoleClaimAuthorities("groups");
        assertThat(authorities(groups, "groups", "admin viewer")).containsExactly("ROLE_admin", "ROLE_viewer");
        assertThat(authorities(groups, "roles", List.of("admin"))).isEmpty();
    }

    private static List<String> authorities(RoleClaimAuthorities converter, String claim, Object value) {
        Jwt jwt = new Jwt(
                "t", Instant.now(), Instant.now().plusSeconds(60), Map.of("alg", "RS256"), Map.of(claim, value));
        return converter.convert(jwt).stream()
                .map(GrantedAuthority::getAuthority)
                .toList();
    }
}
