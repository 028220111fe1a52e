package org.shuyu.controller.adapter.web;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.shuyu.controller.config.DevIssuerKey;
import org.shuyu.controller.config.KeycloakProperties;
import org.shuyu.controller.config.MetricsProperties;
import org.shuyu.controller.config.SandboxProperties;
import org.shuyu.controller.identity.Role;
import org.shuyu.controller.engine.WorkspaceEngines;
import org.shuyu.controller.job.JobCredentials;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Every request needs a bearer JWT except health, the OpenAPI document, {@code GET /api/v1/auth} (how to log in) and
 * (embedded mode only) the development issuer's endpoints ({@code /dev/token}, the device flow and its page). Role rules come from {@link EndpointRules}; unlisted API paths are denied.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    /**
     * The Prometheus scraper's door (issue 19, docs/operations.md): {@code /actuator/prometheus} with the scrape token
     * only, never a user's token (an operator's API role does not open the metrics, and the scrape token opens nothing
     * else). In production the management endpoints also listen on their own port ({@code management.server.port}),
     * which the Service exposes to the cluster's Prometheus and the Ingress does not.
     */
    @Bean
    @Order(0)
    SecurityFilterChain metrics(HttpSecurity http, MetricsProperties metrics, RefusalHandlers refusals) throws Exception {
        http.securityMatcher("/actuator/prometheus", "/actuator/prometheus/**")
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new ScrapeTokenFilter(metrics.token()), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(authorize -> authorize
                        .requestMatchers(HttpMethod.GET, "/actuator/prometheus").hasAuthority(ScrapeTokenFilter.AUTHORITY)
                        .anyRequest().denyAll())
                .exceptionHandling(e -> e.authenticationEntryPoint(refusals).accessDeniedHandler(refusals));
        return http.build();
    }

    /**
     * The job runtime's own door: Ranger's policy download and lineage reporting under {@code /service/**},
     * authenticated by a running job's runtime credential only (no user token, no anonymous access).
     */
    @Bean
    @Order(1)
    SecurityFilterChain runtime(HttpSecurity http, JobCredentials credentials, WorkspaceEngines engines,
            RefusalHandlers refusals)
            throws Exception {
        http.securityMatcher("/service/**")
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new RuntimeCredentialFilter(credentials, engines), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(authorize -> authorize
                        .requestMatchers(HttpMethod.GET, "/service/plugins/policies/download/{serviceName}")
                        .hasAnyAuthority(RuntimeCredentialFilter.AUTHORITY, RuntimeCredentialFilter.ENGINE_AUTHORITY)
                        .requestMatchers(HttpMethod.POST, "/service/lineage/jobs/{jobId}/events")
                        .hasAuthority(RuntimeCredentialFilter.AUTHORITY)
                        // Issue 16: a statement's outcome, with that statement's runtime credential.
                        .requestMatchers(HttpMethod.POST, "/service/statements/{statementId}/outcome")
                        .hasAuthority(RuntimeCredentialFilter.AUTHORITY)
                        // Issue 16: a Spark Connect statement's registration, with the ENGINE's token: the use case
                        // (StatementService.register) authenticates it as the running engine the path names and
                        // refuses SESSION_ENGINE_CREDENTIAL otherwise (401 problem+json, audited).
                        .requestMatchers(HttpMethod.POST, "/service/engines/{engineId}/statements").permitAll()
                        .anyRequest().denyAll())
                .exceptionHandling(e -> e.authenticationEntryPoint(refusals).accessDeniedHandler(refusals));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain api(HttpSecurity http, JwtDecoder decoder, RefusalHandlers refusals, SandboxProperties properties)
            throws Exception {
        boolean devIssuer = properties.identity().allowInsecureDevIssuer();
        http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(authorize -> {
                    authorize.requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**").permitAll();
                    authorize.requestMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**").permitAll();
                    // The web console's static files (a single page; every address is "/#/..."): public, like a
                    // login page. What they show comes from the API, which authenticates and authorizes each call.
                    authorize.requestMatchers(HttpMethod.GET, "/", "/index.html", "/favicon.svg", "/favicon.ico", "/assets/**").permitAll();
                    // How to log in (issuer, client id, device-flow endpoints): read before any token exists.
                    for (EndpointRules.PublicEndpoint open : EndpointRules.PUBLIC) {
                        authorize.requestMatchers(open.method(), open.pattern()).permitAll();
                    }
                    if (devIssuer) {
                        authorize.requestMatchers(HttpMethod.POST, "/dev/token").permitAll();
                        // The development issuer's device flow and verification page: they ARE the login.
                        authorize.requestMatchers(HttpMethod.POST, "/dev/oauth/device", "/dev/oauth/token").permitAll();
                        authorize.requestMatchers(HttpMethod.GET, "/dev/device").permitAll();
                        authorize.requestMatchers(HttpMethod.POST, "/dev/device").permitAll();
                        // The console's login (authorization code with PKCE): the page that lists the demo users.
                        authorize.requestMatchers(HttpMethod.GET, "/dev/oauth/authorize").permitAll();
                        authorize.requestMatchers(HttpMethod.POST, "/dev/oauth/authorize").permitAll();
                    }
                    for (EndpointRules.Rule rule : EndpointRules.RULES) {
                        authorize.requestMatchers(rule.method(), rule.pattern())
                                .hasAnyAuthority(rule.roles().stream().map(SecurityConfiguration::authority).toArray(String[]::new));
                    }
                    authorize.requestMatchers("/api/**").denyAll();
                    authorize.requestMatchers("/error").permitAll();
                    authorize.anyRequest().authenticated();
                })
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(ConsoleHeaders.contentSecurityPolicy(properties)))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER)))
                .oauth2ResourceServer(oauth -> oauth
                        .jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(SecurityConfiguration::toAuthentication))
                        .authenticationEntryPoint(refusals)
                        .accessDeniedHandler(refusals))
                .exceptionHandling(e -> e.authenticationEntryPoint(refusals).accessDeniedHandler(refusals));
        return http.build();
    }

    @Bean
    JwtDecoder jwtDecoder(SandboxProperties properties, KeycloakProperties keycloak, Optional<DevIssuerKey> devIssuer) {
        SandboxProperties.Identity identity = properties.identity();
        NimbusJwtDecoder decoder;
        String issuer;
        if (identity.allowInsecureDevIssuer()) {
            DevIssuerKey dev = devIssuer.orElseThrow(() -> new IllegalStateException("development issuer missing"));
            decoder = NimbusJwtDecoder.withPublicKey(dev.publicKey()).build();
            issuer = dev.issuer();
        } else {
            // The realm's JWKS: Nimbus refetches it when a token names an unknown key id (key rotation).
            decoder = NimbusJwtDecoder.withJwkSetUri(identity.jwkSetLocation().orElseThrow()).build();
            issuer = identity.issuerUri().orElseThrow();
        }
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(new JwtTimestampValidator(identity.clockSkew()));
        validators.add(new JwtIssuerValidator(issuer));
        validators.add(new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.contains(identity.audience())));
        // Keycloak marks access tokens "typ": "Bearer"; an ID token (typ ID) is never a bearer credential here.
        validators.add(new JwtClaimValidator<Object>("typ", typ -> typ == null || "Bearer".equals(typ)));
        if (!keycloak.authorizedParties().isEmpty()) {
            // Only tokens issued to the listed clients (e.g. the console, not a test client).
            validators.add(new JwtClaimValidator<Object>("azp", azp -> azp instanceof String s && keycloak.authorizedParties().contains(s)));
        }
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        return decoder;
    }

    /** Realm roles ({@code realm_access.roles}) become platform roles; unknown realm roles grant nothing. */
    static AbstractAuthenticationToken toAuthentication(Jwt jwt) {
        return new JwtAuthenticationToken(jwt, authorities(jwt), JwtActors.userId(jwt));
    }

    static Collection<GrantedAuthority> authorities(Jwt jwt) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        for (Role role : JwtActors.roles(jwt)) {
            authorities.add(new SimpleGrantedAuthority(authority(role)));
        }
        return authorities;
    }

    static String authority(Role role) {
        return "ROLE_" + role.name();
    }
}
