package org.shuyu.controller.adapter.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.shuyu.controller.config.ApiProperties;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The opaque page tokens of list operations: base64url of the next page's offset and an HMAC-SHA256 over the offset and
 * the list it belongs to (path and filter parameters), under the key {@code sandbox.api.page-token-key} that every
 * controller replica shares, so any replica accepts another's tokens (embedded mode without a key makes one per start).
 * A token that is malformed, forged, or taken from another list (or signed with another key) is refused with 400
 * INVALID_PAGE, never silently read as the first page.
 */
@Component
class PageTokens {
    /** The deepest offset a token may carry: beyond it a list is a scan, not a page. */
    static final int MAX_OFFSET = 10_000_000;
    private static final int MAC_BYTES = 16;
    private final byte[] key;

    @Autowired
    PageTokens(ApiProperties api) {
        this(api.pageTokenKeyBytes().orElseGet(PageTokens::random));
    }

    PageTokens(byte[] key) {
        this.key = key.clone();
    }

    private static byte[] random() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return k;
    }

    /** The token of the page starting at {@code offset} of the list named by {@code list}. */
    String token(int offset, String list) {
        String text = offset + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(offset, list));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** The offset a token names; INVALID_PAGE if it is not one of ours for this list. */
    int offset(String token, String list) {
        if (token.length() > 200) {
            throw invalid();
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        int dot = text.indexOf('.');
        if (dot < 1 || dot > 8) {
            throw invalid();
        }
        int offset;
        byte[] mac;
        try {
            offset = Integer.parseInt(text.substring(0, dot));
            mac = Base64.getUrlDecoder().decode(text.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (offset < 1 || offset > MAX_OFFSET || !text.substring(0, dot).equals(Integer.toString(offset))
                || !MessageDigest.isEqual(mac, mac(offset, list))) {
            throw invalid();
        }
        return offset;
    }

    private byte[] mac(int offset, String list) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] full = hmac.doFinal((offset + "\n" + list).getBytes(StandardCharsets.UTF_8));
            byte[] cut = new byte[MAC_BYTES];
            System.arraycopy(full, 0, cut, 0, MAC_BYTES);
            return cut;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static SandboxException invalid() {
        return new SandboxException(ErrorCode.INVALID_PAGE,
                "pageToken is not valid for this list: use the Link rel=\"next\" URL of the previous page as it is");
    }
}
