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

    /** The number of hashed fields, in the order {@link #of(AuditRecord)} lists them. */
    public static final int FIELDS = 13;

    public static String of(AuditRecord r) {
        return ofFields(
                utf8(r.id()),
                utf8(r.at().toString()),
                utf8(r.actor()),
                utf8(r.actorRoles()),
                utf8(r.action()),
                utf8(r.subjectType()),
                utf8(r.subjectId()),
                utf8(r.organizationId().orElse("")),
                utf8(r.accountablePerson().orElse("")),
                utf8(r.outcome().name()),
                utf8(r.code().orElse("")),
                utf8(r.detail()),
                utf8(r.prevHash()));
    }

    /**
     * The hash of a record given as its {@link #FIELDS} fields already encoded in UTF-8, in canonical order
     * (id, at as {@code Instant.toString()}, actor, actorRoles, action, subjectType, subjectId, organizationId,
     * accountablePerson, outcome, code, detail, prevHash; an absent optional is empty). Lets verification hash
     * the bytes the database sent without decoding them first.
     */
    public static String ofFields(byte[]... fields) {
        if (fields.length != FIELDS) {
            throw new IllegalArgumentException("expected " + FIELDS + " fields, got " + fields.length);
        }
        MessageDigest digest = DIGEST.get();
        digest.reset();
        byte[] length = new byte[4];
        for (byte[] field : fields) {
            int n = field.length;
            length[0] = (byte) (n >>> 24);
            length[1] = (byte) (n >>> 16);
            length[2] = (byte) (n >>> 8);
            length[3] = (byte) n;
            digest.update(length);
            digest.update(field);
        }
        return HEX.formatHex(digest.digest());
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static MessageDigest sha256() {
        return Sha256.digest();
    }
}
