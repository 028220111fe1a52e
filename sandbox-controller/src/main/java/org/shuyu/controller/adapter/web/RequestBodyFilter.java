package org.shuyu.controller.adapter.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;
import org.shuyu.controller.error.ErrorCode;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every request body is read whole before a controller sees it, bounded by {@link #MAX_BODY_BYTES} (larger: 413
 * {@code PAYLOAD_TOO_LARGE}), and a textual body (JSON, YAML, text, or no type given) must be valid UTF-8 (otherwise
 * 400 {@code INVALID_ENCODING}): nothing is ever decoded with replacement characters. Both refusals are audited.
 * Runs after authentication, so an anonymous body is refused with 401 before it is read.
 */
@Component
@Order(RequestBodyFilter.ORDER)
class RequestBodyFilter extends OncePerRequestFilter {
    /** The largest body the API accepts: a job spec is at most 100,000 characters (up to 400 KB of UTF-8). */
    static final int MAX_BODY_BYTES = 1 << 20;
    /**
     * A material document upload (PUT /api/v1/applications/{id}/materials/{kind}/document) carries a file: up to 20 MB
     * are read (one more byte, so the service refuses a larger document with MATERIAL_DOCUMENT_TOO_LARGE), and its
     * bytes are not text (no UTF-8 check).
     */
    static final int MAX_DOCUMENT_BODY_BYTES = 20 * (1 << 20) + 1;
    private static final Pattern DOCUMENT_UPLOAD =
            Pattern.compile("^/api/v1/applications/[^/]+/materials/[^/]+/document$");
    /**
     * A dataset's data (PUT /api/v1/datasets/{id}/data) is not read here: it is streamed to the shared storage, bounded
     * by {@code sandbox.storage.max-upload-bytes} and checked as strict UTF-8 CSV by the upload itself (docs/storage.md).
     */
    private static final Pattern DATA_UPLOAD = Pattern.compile("^/api/v1/datasets/[^/]+/data$");
    /** After authentication (security's filters are at -100), before {@link IdempotencyFilter} (which reads the body). */
    static final int ORDER = Ordered.LOWEST_PRECEDENCE - 100;

    private final RefusalAuditor auditor;
    private final JsonMapper json;

    RequestBodyFilter(RefusalAuditor auditor, JsonMapper json) {
        this.auditor = auditor;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared == 0 || (declared < 0 && request.getHeader("Transfer-Encoding") == null)) {
            chain.doFilter(request, response);
            return;
        }
        if ("PUT".equals(request.getMethod()) && DATA_UPLOAD.matcher(request.getRequestURI()).matches()) {
            chain.doFilter(request, response); // streamed to storage; DatasetDataUploads bounds, decodes and checks it
            return;
        }
        boolean document = "PUT".equals(request.getMethod()) && DOCUMENT_UPLOAD.matcher(request.getRequestURI()).matches();
        int max = document ? MAX_DOCUMENT_BODY_BYTES : MAX_BODY_BYTES;
        if (declared > max) {
            refuse(request, response, ErrorCode.PAYLOAD_TOO_LARGE, 413, "the request body is larger than " + max + " bytes");
            return;
        }
        byte[] body = request.getInputStream().readNBytes(max + 1);
        if (body.length > max) {
            refuse(request, response, ErrorCode.PAYLOAD_TOO_LARGE, 413, "the request body is larger than " + max + " bytes");
            return;
        }
        if (!document && textual(request.getContentType()) && !utf8(body)) {
            refuse(request, response, ErrorCode.INVALID_ENCODING, 400, "the request body is not valid UTF-8");
            return;
        }
        chain.doFilter(new Buffered(request, body), response);
    }

    private static boolean textual(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.contains("json") || type.contains("yaml") || type.contains("xml")
                || type.startsWith("application/x-www-form-urlencoded");
    }

    static boolean utf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, ErrorCode code, int status, String detail)
            throws IOException {
        auditor.refused(request, code, detail, JwtActors.current());
        ProblemDetail problem = Problems.of(code, detail, Problems.safeInstance(request.getRequestURI()));
        problem.setStatus(status);
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        // The rest of an oversize body is not read: the connection closes after this answer.
        response.setHeader("Connection", "close");
        response.getOutputStream().write(json.writeValueAsBytes(problem));
    }

    /** The request with its body already read: controllers read it again from memory, as UTF-8 unless told otherwise. */
    static final class Buffered extends HttpServletRequestWrapper {
        private final byte[] body;

        Buffered(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public ServletInputStream getInputStream() {
            InputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    try {
                        return in.available() == 0;
                    } catch (IOException e) {
                        return true;
                    }
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already read");
                }

                @Override
                public int read() throws IOException {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body),
                    encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding)));
        }
    }
}
