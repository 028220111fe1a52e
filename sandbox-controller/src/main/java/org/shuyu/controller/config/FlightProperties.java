package org.shuyu.controller.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Arrow Flight endpoint that serves listed data interface products ({@code sandbox.products.flight.*},
 * docs/products-delivery.md). {@code port} 0 binds an ephemeral port. TLS is on when {@code cert-chain} and
 * {@code private-key} (PEM files) are set. Plaintext is allowed in embedded mode on a loopback address; anywhere else
 * it needs TLS. {@code allow-insecure-plaintext} lets embedded mode serve plaintext on a non-loopback address and is
 * refused outside embedded mode (bearer tokens and product rows would cross the network in clear text).
 */
@Validated
@ConfigurationProperties("sandbox.products.flight")
public record FlightProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("127.0.0.1") @NotBlank String host,
        @DefaultValue("8815") @Min(0) @Max(65535) int port,
        /** PEM certificate chain of the server (TLS). */
        Path certChain,
        /** PEM private key (PKCS#8) of the server (TLS). */
        Path privateKey,
        @DefaultValue("false") boolean allowInsecurePlaintext) {

    /** The defaults: enabled, 127.0.0.1:8815, plaintext (embedded mode). */
    public static FlightProperties defaults() {
        return new FlightProperties(true, "127.0.0.1", 8815, null, null, false);
    }

    /** The certificate chain and key, when both are set. */
    public Optional<Tls> tls() {
        return certChain != null && privateKey != null ? Optional.of(new Tls(certChain, privateKey)) : Optional.empty();
    }

    /** The PEM files of the server's TLS identity. */
    public record Tls(Path certChain, Path privateKey) {}

    /** Why the Flight endpoint cannot start with these settings in {@code mode}; empty when it can (or is disabled). */
    public List<String> problems(SandboxProperties.Mode mode) {
        List<String> problems = new ArrayList<>();
        if (mode != SandboxProperties.Mode.EMBEDDED && allowInsecurePlaintext) {
            problems.add("sandbox.products.flight.allow-insecure-plaintext=true is only allowed in embedded mode");
        }
        if (!enabled) {
            return problems;
        }
        if ((certChain == null) != (privateKey == null)) {
            problems.add("sandbox.products.flight needs both cert-chain and private-key for TLS (or neither)");
        } else if (tls().isEmpty()) {
            if (mode != SandboxProperties.Mode.EMBEDDED) {
                problems.add("sandbox.products.flight needs TLS outside embedded mode: set cert-chain and private-key,"
                        + " or sandbox.products.flight.enabled=false");
            } else if (!allowInsecurePlaintext && !loopback(host)) {
                problems.add("sandbox.products.flight.host " + host + " is not a loopback address: plaintext Flight there needs TLS"
                        + " (cert-chain, private-key) or sandbox.products.flight.allow-insecure-plaintext=true (embedded mode only)");
            }
        }
        return problems;
    }

    private static boolean loopback(String host) {
        if ("localhost".equalsIgnoreCase(host)) {
            return true;
        }
        if (!host.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false; // a name other than localhost: not resolved here, so not known to be loopback (fail closed)
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
