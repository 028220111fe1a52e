package org.shuyu.controller.adapter.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.shuyu.controller.config.SandboxProperties;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.job.MaskSalts;
import org.springframework.stereotype.Component;

/**
 * Salts for hashed columns: HMAC-SHA256(mask secret, workspace id). The secret is {@code sandbox.jobs.mask-secret}
 * (production: required, from a secret store); in embedded mode, when unset, one is generated once under
 * {@code <data-dir>/secrets/} with owner-only permissions.
 */
@Component
public class LocalMaskSalts implements MaskSalts {
    private final SandboxProperties properties;
    private volatile byte[] secret;

    public LocalMaskSalts(SandboxProperties properties) {
        this.properties = properties;
    }

    /** Read (or, in embedded mode, created) on first use; production without a configured secret runs no job. */
    private byte[] secret() {
        byte[] s = secret;
        if (s != null) {
            return s;
        }
        synchronized (this) {
            if (secret == null) {
                String configured = properties.jobs().maskSecret();
                if (configured != null && !configured.isBlank()) {
                    if (configured.length() < 32) {
                        throw new SandboxException(ErrorCode.RUNTIME_UNAVAILABLE, "sandbox.jobs.mask-secret must be at least 32 characters");
                    }
                    secret = configured.getBytes(StandardCharsets.UTF_8);
                } else if (properties.mode() == SandboxProperties.Mode.EMBEDDED) {
                    secret = generated(properties.dataDir().resolve("secrets").resolve("mask-secret"));
                } else {
                    throw new SandboxException(ErrorCode.RUNTIME_UNAVAILABLE, "jobs cannot run: sandbox.jobs.mask-secret is not set"
                            + " (production mode needs the key of the salts of hashed columns from a secret store)");
                }
            }
            return secret;
        }
    }

    private static byte[] generated(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                Path tmp = file.resolveSibling(".mask-secret.tmp");
                Files.writeString(tmp, HexFormat.of().formatHex(fresh));
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not POSIX
                }
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            }
            return Files.readString(file).strip().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the mask secret " + file, e);
        }
    }

    @Override
    public String forWorkspace(String workspaceId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret(), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(workspaceId.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
