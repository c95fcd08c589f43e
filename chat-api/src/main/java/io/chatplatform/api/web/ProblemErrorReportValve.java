package io.chatplatform.api.web;

import io.chatplatform.domain.common.ErrorCode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Tomcat's report of a request it refused before Spring saw it, as {@code application/problem+json} like every other
 * error of this server, instead of Tomcat's HTML page: a path with a percent-encoded NUL or an invalid byte, headers
 * over Tomcat's limit, a malformed request line. Spring answers everything that reaches it itself (see {@link
 * ProblemHandler}); this valve only writes where nothing was written. Like Tomcat's own report with
 * {@code showReport} off, it says nothing of the cause beyond the status.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = known != null ? known.getReasonPhrase() : "Error";
        ErrorCode code = Problems.codeFor(known != null ? known : HttpStatus.INTERNAL_SERVER_ERROR);
        String detail = status == 400 ? "the request could not be read (its path, headers or request line)" : title;
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                        + ",\"detail\":\"" + detail + "\",\"code\":\"" + code.name() + "\"}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the connection is gone or the response was taken meanwhile: nothing more to tell anyone
        }
    }
}
