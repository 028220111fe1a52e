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
 * The Spark Connect front door of the controller ({@code sandbox.connect.*}, docs/connect.md): the gRPC endpoint
 * that standard Spark Connect clients use, proxied to the member's session in the workspace engine.
 * {@code port} -1 turns it off (the default: a context that does not ask for it has none), 0 binds an ephemeral port
 * (tests); the embedded profile ({@code application.yml}) sets 15002, Spark Connect's usual port.
 * TLS is on when {@code cert-file} and {@code key-file} (PEM) are set. Plaintext is allowed in embedded mode on a
 * loopback address; anywhere else it needs TLS. {@code allow-insecure-plaintext} lets embedded mode serve plaintext on
 * a non-loopback address and is refused outside embedded mode (bearer tokens and result rows would cross the network
 * in clear text). {@code max-inbound-message-bytes} caps one request message (Spark's own default is 128 MiB);
 * {@code max-concurrent-calls-per-member} caps the calls one member has in flight at once.
 */
@Validated
@ConfigurationProperties("sandbox.connect")
public record ConnectProperties(
        @DefaultValue("127.0.0.1") @NotBlank String host,
        @DefaultValue("-1") @Min(-1) @Max(65535) int port,
        /** PEM certificate chain of the server (TLS). */
        Path certFile,
        /** PEM private key (PKCS#8) of the server (TLS). */
        Path keyFile,
        @DefaultValue("false") boolean allowInsecurePlaintext,
        @DefaultValue("134217728") @Min(1024) int maxInboundMessageBytes,
        @DefaultValue("16") @Min(1) @Max(10_000) int maxConcurrentCallsPerMember) {

    /** The value of {@code port} that turns the endpoint off. */
    public static final int OFF = -1;

    /** The embedded profile's settings: 127.0.0.1:15002, plaintext, 128 MiB messages, 16 calls per member. */
    public static ConnectProperties defaults() {
        return new ConnectProperties("127.0.0.1", 15002, null, null, false, 128 * 1024 * 1024, 16);
    }

    /** The endpoint turned off ({@code port = -1}). */
    public static ConnectProperties off() {
        return new ConnectProperties("127.0.0.1", OFF, null, null, false, 128 * 1024 * 1024, 16);
    }

    public boolean enabled() {
        return port != OFF;
    }

    /** The certificate chain and key, when both are set. */
    public Optional<Tls> tls() {
        return certFile != null && keyFile != null ? Optional.of(new Tls(certFile, keyFile)) : Optional.empty();
    }

    /** The PEM files of the server's TLS identity. */
    public record Tls(Path certFile, Path keyFile) {}

    /** Why the Connect endpoint cannot start with these settings in {@code mode}; empty when it can (or is off). */
    public List<String> problems(SandboxProperties.Mode mode) {
        List<String> problems = new ArrayList<>();
        if (mode != SandboxProperties.Mode.EMBEDDED && allowInsecurePlaintext) {
            problems.add("sandbox.connect.allow-insecure-plaintext=true is only allowed in embedded mode");
        }
        if (!enabled()) {
            return problems;
        }
        if ((certFile == null) != (keyFile == null)) {
            problems.add("sandbox.connect needs both cert-file and key-file for TLS (or neither)");
        } else if (tls().isEmpty()) {
            if (mode != SandboxProperties.Mode.EMBEDDED) {
                problems.add("sandbox.connect needs TLS outside embedded mode: set sandbox.connect.cert-file and key-file,"
                        + " or sandbox.connect.port=-1");
            } else if (!allowInsecurePlaintext && !loopback(host)) {
                problems.add("sandbox.connect.host " + host + " is not a loopback address: plaintext Spark Connect there needs TLS"
                        + " (cert-file, key-file) or sandbox.connect.allow-insecure-plaintext=true (embedded mode only)");
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
