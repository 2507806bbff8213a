package dev.vodflow.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The token's role claim as {@code ROLE_} authorities: the only place roles are read. Names are lower-cased so
 * that an identity provider's {@code ADMIN} and vodflow's {@link Roles#OPERATOR} are the same role.
 */
final class RoleClaimAuthorities implements Converter<Jwt, Collection<GrantedAuthority>> {

    private final String claim;

    RoleClaimAuthorities(String claim) {
        this.claim = claim;
    }

    @Override
    public Collection<GrantedAuthority> convert(Jwt jwt) {
        Object value = jwt.getClaims().get(claim);
        List<String> roles = new ArrayList<>();
        if (value instanceof Collection<?> list) {
            list.forEach(role -> roles.add(String.valueOf(role)));
        } else if (value instanceof String text) {
            roles.addAll(List.of(text.trim().split("[\\s,]+")));
        }
        return roles.stream()
                .map(String::trim)
                .filter(role -> !role.isEmpty())
                .map(role -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + role.toLowerCase(Locale.ROOT)))
                .distinct()
                .toList();
    }
}
