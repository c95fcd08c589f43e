package io.chatplatform.api.web;

import io.chatplatform.domain.common.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request body over {@code chat.api.max-body-size} (2 MB) with 413 {@code TOO_LARGE}. The largest body this
 * server takes, a notification to its 10,000 recipients at most with ids of 128 characters, is about 1.3 MB; anything
 * much larger is abuse, and without a limit it is read whole: one request of a few hundred megabytes has run a
 * 512 MB node out of heap.
 * A body that declares its length is refused before any of it is read; one sent in chunks is counted as it is read
 * and refused once it passes the limit ({@link ProblemHandler} answers that, as the read fails inside the JSON
 * parser).
 */
class RequestBodyLimit extends OncePerRequestFilter {

    private final long maxBytes;
    private final Problems problems;

    RequestBodyLimit(long maxBytes, Problems problems) {
        this.maxBytes = maxBytes;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            problems.write(request, response, HttpStatus.CONTENT_TOO_LARGE, ErrorCode.TOO_LARGE, tooLarge(maxBytes));
            return;
        }
        // A declared length is held to by the container; only a chunked body has no length to check in advance.
        boolean chunked = declared < 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
        chain.doFilter(chunked ? new Bounded(request, maxBytes) : request, response);
    }

    static String tooLarge(long maxBytes) {
        return "request body is larger than " + maxBytes + " bytes";
    }

    /** A read that passed the limit: the body is refused as a whole. */
    static final class BodyTooLargeException extends IOException {
        BodyTooLargeException(long maxBytes) {
            super(tooLarge(maxBytes));
        }
    }

    private static final class Bounded extends HttpServletRequestWrapper {

        private final long maxBytes;
        private ServletInputStream stream;

        Bounded(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counting(super.getInputStream(), maxBytes);
            }
            return stream;
        }
    }

    private static final class Counting extends ServletInputStream {

        private final ServletInputStream in;
        private final long maxBytes;
        private long read;

        Counting(ServletInputStream in, long maxBytes) {
            this.in = in;
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws BodyTooLargeException {
            read += n;
            if (read > maxBytes) {
                throw new BodyTooLargeException(maxBytes);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
