package dev.vodflow.devstack.gateway;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * The issuer's sign-ins (in memory, as before) with refresh token reuse detection: a refresh token replaced by
 * rotation that is presented again means two parties hold the sign-in (the page and a thief), so the whole sign-in
 * is revoked and both must sign in again (OAuth 2.0 Security BCP, RFC 9700, 4.14.2).
 */
final class RotatingAuthorizations implements OAuth2AuthorizationService {

    private final InMemoryOAuth2AuthorizationService current = new InMemoryOAuth2AuthorizationService();
    /** Rotated-away refresh token value -> the id of the sign-in it belonged to. */
    private final Map<String, String> rotatedAway = new ConcurrentHashMap<>();

    @Override
    public void save(OAuth2Authorization authorization) {
        OAuth2Authorization before = current.findById(authorization.getId());
        String old = refreshToken(before);
        if (old != null && !old.equals(refreshToken(authorization))) {
            rotatedAway.put(old, authorization.getId());
        }
        current.save(authorization);
    }

    @Override
    public void remove(OAuth2Authorization authorization) {
        current.remove(authorization);
        rotatedAway.values().removeIf(authorization.getId()::equals);
    }

    @Override
    public OAuth2Authorization findById(String id) {
        return current.findById(id);
    }

    @Override
    public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
        if (tokenType == null || OAuth2TokenType.REFRESH_TOKEN.equals(tokenType)) {
            String reused = rotatedAway.get(token);
            if (reused != null) {
                OAuth2Authorization family = current.findById(reused);
                if (family != null) {
                    remove(family);
                }
                return null;
            }
        }
        return current.findByToken(token, tokenType);
    }

    private static String refreshToken(OAuth2Authorization authorization) {
        if (authorization == null) {
            return null;
        }
        OAuth2Authorization.Token<OAuth2RefreshToken> token = authorization.getRefreshToken();
        return token == null ? null : token.getToken().getTokenValue();
    }
}
