package io.chatplatform.api.web;

import io.chatplatform.api.ratelimit.RateLimitExceeded;
import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.common.ErrorCode;
import io.chatplatform.domain.common.Unavailable;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.databind.DatabindException;

/** Every REST error becomes {@code application/problem+json} with a stable {@code code}. */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
    private static final Duration DATABASE_RETRY_AFTER = Duration.ofSeconds(1);

    @ExceptionHandler(DomainException.class)
    ResponseEntity<ProblemDetail> domain(DomainException e) {
        HttpStatusCode status = Problems.statusFor(e.code());
        return ResponseEntity.status(status).body(Problems.of(status, e.code(), e.getMessage()));
    }

    /** 429 with {@code Retry-After}: whole seconds until a call can succeed again. */
    @ExceptionHandler(RateLimitExceeded.class)
    ResponseEntity<ProblemDetail> rateLimited(RateLimitExceeded e) {
        HttpStatusCode status = Problems.statusFor(e.code());
        return ResponseEntity.status(status).header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .body(Problems.of(status, e.code(), e.getMessage()));
    }

    /**
     * 503 with {@code Retry-After}: the database is away or too slow (a refused or broken connection, a timeout).
     * Not 500, whose "nothing was changed" nobody can promise when a commit's reply may have been lost; a client
     * repeats the call (a SEND with its {@code clientMsgId}).
     */
    @ExceptionHandler(Unavailable.class)
    ResponseEntity<ProblemDetail> unavailable(Unavailable e) {
        log.warn("Answered 503: {}", e.getMessage());
        HttpStatusCode status = Problems.statusFor(ErrorCode.UNAVAILABLE);
        return ResponseEntity.status(status).header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .body(Problems.of(status, ErrorCode.UNAVAILABLE, e.getMessage()));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        var outage = Unavailable.of(e, DATABASE_RETRY_AFTER);
        if (outage.isPresent()) {
            log.warn("{}: {}", outage.get().getMessage(), e.toString());
            return unavailable(outage.get());
        }
        log.error("Unhandled error", e);
        HttpStatusCode status = Problems.statusFor(ErrorCode.INTERNAL);
        return ResponseEntity.status(status).body(Problems.of(status, ErrorCode.INTERNAL, "internal error"));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<String> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(error -> error.getField() + ": " + error.getDefaultMessage())
                .sorted()
                .toList();
        ProblemDetail problem = Problems.of(status, ErrorCode.BAD_REQUEST, "invalid request: " + String.join("; ", errors));
        problem.setProperty("errors", errors);
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    /**
     * A path or query parameter that is not of its type (room {@code abc}, {@code limit=+5}, {@code limit} given
     * twice): the answer names the parameter, not the value as Java printed it (for a parameter given twice, an
     * array's type and identity hash).
     */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String name = ex instanceof MethodArgumentTypeMismatchException argument ? argument.getName()
                : ex.getPropertyName();
        String detail = name == null ? "invalid parameter" : "invalid value for " + name;
        return handleExceptionInternal(ex, Problems.of(status, ErrorCode.BAD_REQUEST, detail), headers, status,
                request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestBodyLimit.BodyTooLargeException tooLarge) { // counted while it was read
                HttpStatusCode contentTooLarge = Problems.statusFor(ErrorCode.TOO_LARGE);
                return handleExceptionInternal(ex, Problems.of(contentTooLarge, ErrorCode.TOO_LARGE,
                        tooLarge.getMessage()), headers, contentTooLarge, request);
            }
        }
        String detail = "request body is not valid JSON for this call";
        if (ex.getCause() instanceof DatabindException databind && !databind.getPath().isEmpty()) {
            String field = databind.getPath().stream()
                    .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            detail = "invalid value for " + field;
        }
        return handleExceptionInternal(ex, Problems.of(status, ErrorCode.BAD_REQUEST, detail), headers, status,
                request);
    }

    /**
     * Every response this handler builds passes here, including framework errors (unknown path, wrong method,
     * unsupported media type) whose body Spring creates late: all of them get a code from their status.
     */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
            WebRequest request) {
        if (body instanceof ProblemDetail problem && (problem.getProperties() == null
                || !problem.getProperties().containsKey("code"))) {
            problem.setProperty("code", Problems.codeFor(statusCode).name());
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }
}
