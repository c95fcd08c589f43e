package io.chatplatform.api.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error page: what answers a request that ended in an error no controller answered. Tomcat's own refusals
 * forwarded here (a path under {@code META-INF} or {@code WEB-INF}, {@code TRACE}), an error outside Spring MVC, and
 * {@code /error} asked for directly. Spring Boot's page answered {@code Accept: text/html} with its HTML
 * "Whitelabel Error Page" and {@code /error} itself with a 500; this one answers problem+json, like every other error
 * of this server, whatever the request accepts. {@code /error} asked for directly is no resource: 404.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping(value = "${server.error.path:/error}", produces = MediaType.ALL_VALUE)
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        HttpStatus status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code
                && HttpStatus.resolve(code) != null && code >= 400 ? HttpStatus.resolve(code) : HttpStatus.NOT_FOUND;
        String detail = status.is5xxServerError() ? "internal error" : status.getReasonPhrase();
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(status, Problems.codeFor(status), detail));
    }
}
