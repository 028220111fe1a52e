package org.shuyu.controller.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The chain's hash: SHA-256 over a canonical, length-prefixed encoding of a record's fields and its
 * predecessor's hash. Length prefixes make the encoding unambiguous whatever the fields contain.
 * The sequence number is deliberately not hashed: the chain links (prevHash) fix the order, so a moved
 * record shows as a broken link rather than as an altered record.
 */
public final class AuditHash {
    public static final String GENESIS = "0".repeat(64);
    private static final HexFormat HEX = HexFormat.of();
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(AuditHash::sha256);

    private AuditHash() {}

    public static String of(AuditRecord r) {
        MessageDigest digest = DIGEST.get();
        digest.reset();
        update(digest, r.id());
        update(digest, r.at().toString());
        update(digest, r.actor());
        update(digest, r.actorRoles());
        update(digest, r.action());
        update(digest, r.subjectType());
        update(digest, r.subjectId());
        update(digest, r.organizationId().orElse(""));
        update(digest, r.accountablePerson().orElse(""));
        update(digest, r.outcome().name());
        update(digest, r.code().orElse(""));
        update(digest, r.detail());
        update(digest, r.prevHash());
        return HEX.formatHex(digest.digest());
    }

    private static void update(MessageDigest digest, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        int n = bytes.length;
        digest.update((byte) (n >>> 24));
        digest.update((byte) (n >>> 16));
        digest.update((byte) (n >>> 8));
        digest.update((byte) n);
        digest.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
