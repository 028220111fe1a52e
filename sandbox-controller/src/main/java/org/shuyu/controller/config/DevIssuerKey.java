package org.shuyu.controller.config;

import static java.util.Objects.requireNonNull;

import java.security.interfaces.RSAPublicKey;

/**
 * What the token validator needs of the embedded mode's development issuer: its issuer name and the public key its
 * tokens are signed with. The identity adapter provides it (only when the development issuer is allowed); the web
 * adapter's security configuration consumes it, so neither adapter depends on the other.
 */
public record DevIssuerKey(String issuer, RSAPublicKey publicKey) {
    public DevIssuerKey {
        requireNonNull(issuer, "issuer is null");
        requireNonNull(publicKey, "publicKey is null");
    }
}
