package io.chatplatform.api.web;

import java.beans.PropertyEditorSupport;
import java.util.function.Function;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Numbers and booleans in paths and query parameters ({@code /api/rooms/{roomId}}, {@code ?limit=},
 * {@code ?unread=}) are as strict as in bodies (docs/protocol.md §1). Spring reads numbers with
 * {@code NumberUtils.parseNumber}, which trims, decodes anything that looks hexadecimal and takes any Unicode digit,
 * so {@code +1}, {@code " 1"}, {@code 0x1}, {@code #1} and {@code １} (a fullwidth digit) all named room 1; and
 * booleans with an editor that also takes {@code on}, {@code yes}, {@code 1} and their opposites. Now a number is an
 * optional minus and ASCII digits, a boolean {@code true} or {@code false}; anything else is 400, as {@code abc}
 * always was. Editors, not converters: the binder falls back to its lenient default editor when a converter refuses.
 */
@ControllerAdvice
class StrictParameters {

    @InitBinder
    void strictParameters(WebDataBinder binder) {
        binder.registerCustomEditor(Long.class, new Decimal<>(Long::parseLong));
        binder.registerCustomEditor(long.class, new Decimal<>(Long::parseLong));
        binder.registerCustomEditor(Integer.class, new Decimal<>(Integer::parseInt));
        binder.registerCustomEditor(int.class, new Decimal<>(Integer::parseInt));
        binder.registerCustomEditor(Boolean.class, new TrueOrFalse());
        binder.registerCustomEditor(boolean.class, new TrueOrFalse());
    }

    /** {@code true} or {@code false}, in lower case as JSON writes them. Empty is absent, as Spring's own. */
    static final class TrueOrFalse extends StrictEditor {

        @Override
        public void setAsText(String text) {
            if (text == null || text.isEmpty()) {
                setValue(null);
            } else if (text.equals("true") || text.equals("false")) {
                setValue(Boolean.valueOf(text));
            } else {
                throw new IllegalArgumentException("not true or false");
            }
        }
    }

    /** An optional minus and ASCII digits; {@code parse} checks the range. Empty is absent, as Spring's own. */
    static final class Decimal<T extends Number> extends StrictEditor {

        private final Function<String, T> parse;

        Decimal(Function<String, T> parse) {
            this.parse = parse;
        }

        @Override
        public void setAsText(String text) {
            if (text == null || text.isEmpty()) {
                setValue(null);
                return;
            }
            int start = text.startsWith("-") ? 1 : 0;
            if (text.length() == start) {
                throw new IllegalArgumentException("not a decimal number");
            }
            for (int i = start; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    throw new IllegalArgumentException("not a decimal number");
                }
            }
            setValue(parse.apply(text)); // NumberFormatException, an IllegalArgumentException, past the range
        }
    }

    /** What the strict editors share: a value written back as Java writes it, and absent as empty. */
    abstract static class StrictEditor extends PropertyEditorSupport {

        @Override
        public String getAsText() {
            Object value = getValue();
            return value == null ? "" : value.toString();
        }
    }
}
