package dev.vodflow.devstack.gateway;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2AccessTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * The local token issuer (Spring Authorization Server). The web page signs users in with the authorization
 * code flow and PKCE, and renews its access token with a rotating refresh token; scripts get a token for a user with the client credentials grant of that user's dev
 * client. Tokens carry {@code sub} = the user, {@code roles} and the API audience; services validate them against this
 * issuer's JWK set exactly as they would a production issuer's.
 */
@Configuration(proxyBeanMethods = false)
class LocalIssuer {

    static final String WEB_CLIENT = "vodflow-web";
    static final String DEV_CLIENT_PREFIX = "dev-";
    private static final String USER_SETTING = "vodflow.user";

    @Bean
    @Order(1)
    SecurityFilterChain issuerEndpoints(
            HttpSecurity http,
            RegisteredClientRepository clients,
            JWKSource<SecurityContext> keys,
            OAuth2TokenCustomizer<JwtEncodingContext> userClaims)
            throws Exception {
        OAuth2AuthorizationServerConfigurer issuer = new OAuth2AuthorizationServerConfigurer();
        // The default generators, except that the page (a public client) gets rotating refresh tokens too.
        JwtGenerator jwts = new JwtGenerator(new NimbusJwtEncoder(keys));
        jwts.setJwtCustomizer(userClaims);
        OAuth2TokenGenerator<?> tokens = new DelegatingOAuth2TokenGenerator(
                jwts, new OAuth2AccessTokenGenerator(), new PublicClientRefresh.Tokens());
        http.securityMatcher(issuer.getEndpointsMatcher())
                .with(issuer, endpoints -> endpoints
                        .oidc(Customizer.withDefaults())
                        .tokenGenerator(tokens)
                        .clientAuthentication(clientAuthentication -> clientAuthentication
                                .authenticationConverter(new PublicClientRefresh.Converter())
                                .authenticationProvider(new PublicClientRefresh.Provider(clients))))
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .cors(Customizer.withDefaults())
                .exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"),
                        new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
        return http.build();
    }

    /**
     * The proxied APIs, matched first: the services check every call's token themselves, so the gateway passes them
     * through with no session, CSRF token, saved request, login or logout, which the page's chain below would look
     * at on each call (the security headers are still written).
     */
    @Bean
    @Order(0)
    SecurityFilterChain proxiedApis(HttpSecurity http) throws Exception {
        http.securityMatcher("/api/**", "/api-docs/**")
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .anonymous(AbstractHttpConfigurer::disable);
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain page(HttpSecurity http) throws Exception {
        // The page and the sign-in: only the sign-in needs a session.
        http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .formLogin(Customizer.withDefaults());
        return http.build();
    }

    /**
     * No observation per security filter: {@code management.observations.enable.spring.security=false} muted them
     * but left the observing decorator wrapping every filter of every call (7 % of the request threads' samples in a
     * JFR profile of proxied GETs under wrk). The proxied calls keep their server and client observations.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService users(GatewayProperties properties, PasswordEncoder encoder) {
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager();
        for (GatewayProperties.User user : properties.users()) {
            users.createUser(User.withUsername(user.name())
                    .password(encoder.encode(user.password()))
                    .roles(user.roles().toArray(String[]::new))
                    .build());
        }
        return users;
    }

    @Bean
    RegisteredClientRepository clients(GatewayProperties properties, PasswordEncoder encoder) {
        TokenSettings tokens = TokenSettings.builder()
                .accessTokenTimeToLive(properties.tokens().accessTokenTtl())
                .build();
        // The page renews its access token in the background with a refresh token that is replaced at every use.
        TokenSettings pageTokens = TokenSettings.builder()
                .accessTokenTimeToLive(properties.tokens().pageAccessTokenTtl())
                .refreshTokenTimeToLive(properties.tokens().refreshTokenTtl())
                .reuseRefreshTokens(false)
                .build();
        List<RegisteredClient> clients = new ArrayList<>();
        clients.add(RegisteredClient.withId(WEB_CLIENT)
                .clientId(WEB_CLIENT)
                .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                .redirectUri(properties.issuer().resolve("/").toString())
                .scope(OidcScopes.OPENID)
                .scope("vodflow")
                .clientSettings(ClientSettings.builder()
                        .requireProofKey(true)
                        .requireAuthorizationConsent(false)
                        .build())
                .tokenSettings(pageTokens)
                .build());
        for (GatewayProperties.User user : properties.users()) {
            clients.add(RegisteredClient.withId(UUID.randomUUID().toString())
                    .clientId(DEV_CLIENT_PREFIX + user.name())
                    .clientSecret(encoder.encode(user.password()))
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                    .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                    .scope("vodflow")
                    .clientSettings(ClientSettings.builder()
                            .setting(USER_SETTING, user.name())
                            .build())
                    .tokenSettings(tokens)
                    .build());
        }
        return new InMemoryRegisteredClientRepository(clients);
    }

    /**
     * {@code sub} is the user (a dev client's user for the credentials grant); {@code roles} their roles; {@code aud}
     * the API audience the services require (the authorization server would otherwise put the client id there).
     */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> userClaims(GatewayProperties properties) {
        Map<String, List<String>> roles = properties.users().stream()
                .collect(Collectors.toMap(GatewayProperties.User::name, GatewayProperties.User::roles));
        return context -> {
            String user = context.getRegisteredClient().getClientSettings().getSetting(USER_SETTING);
            if (user == null) {
                user = context.getPrincipal().getName();
            }
            context.getClaims().subject(user).claim("roles", roles.getOrDefault(user, List.of()));
            if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
                // An ID token's audience stays the client it was issued to, as OpenID Connect requires.
                context.getClaims().audience(List.of(properties.audience()));
            }
        };
    }

    @Bean
    OAuth2AuthorizationService authorizations() {
        return new RotatingAuthorizations();
    }

    @Bean
    AuthorizationServerSettings issuerSettings(GatewayProperties properties) {
        return AuthorizationServerSettings.builder()
                .issuer(properties.issuer().toString())
                .build();
    }

    /** A key made at start-up: tokens from before a restart are refused, and the page signs in again. */
    @Bean
    JWKSource<SecurityContext> signingKeys() {
        KeyPair keys;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            keys = generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always provides RSA", e);
        }
        RSAKey key = new RSAKey.Builder((RSAPublicKey) keys.getPublic())
                .privateKey((RSAPrivateKey) keys.getPrivate())
                .keyID(UUID.randomUUID().toString())
                .build();
        return new ImmutableJWKSet<>(new JWKSet(key));
    }
}
