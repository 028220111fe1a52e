package org.shuyu.controller.adapter.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import org.shuyu.controller.audit.Sha256;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The Prometheus scraper's door ({@code /actuator/prometheus}, docs/operations.md): a request whose
 * {@code Authorization: Bearer} equals the configured scrape token (compared in constant time over SHA-256 digests)
 * is authenticated with the single authority {@link #AUTHORITY}, which no user token carries and which opens nothing
 * else. Anything else stays anonymous and the chain answers 401 problem+json (audited). No token configured: nobody.
 */
final class ScrapeTokenFilter extends OncePerRequestFilter {
    static final String AUTHORITY = "METRICS_SCRAPE";
    private final Optional<byte[]> expected;

    ScrapeTokenFilter(Optional<String> token) {
        this.expected = token.map(ScrapeTokenFilter::digest);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (expected.isPresent() && header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                && MessageDigest.isEqual(expected.get(), digest(header.substring(7).strip()))) {
            SecurityContextHolder.getContext().setAuthentication(new Scraper());
        }
        chain.doFilter(request, response);
    }

    private static byte[] digest(String token) {
        return Sha256.hex(token.getBytes(StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII);
    }

    /** The authenticated scraper: no user, no role, only {@link #AUTHORITY}. */
    static final class Scraper extends AbstractAuthenticationToken {
        Scraper() {
            super(List.of(new SimpleGrantedAuthority(AUTHORITY)));
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public Object getPrincipal() {
            return "metrics-scraper";
        }
    }
}
