package io.chatplatform.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.beans.TypeMismatchException;
import org.springframework.format.support.DefaultFormattingConversionService;
import org.springframework.web.bind.WebDataBinder;

/** The binder as Spring MVC sets it up (a conversion service and default editors), with the strict editors added. */
class StrictParametersTest {

    final WebDataBinder binder = new WebDataBinder(null);

    StrictParametersTest() {
        binder.setConversionService(new DefaultFormattingConversionService());
        new StrictParameters().strictParameters(binder);
    }

    @Test
    void readsAsciiDecimals() {
        assertThat(binder.convertIfNecessary("42", Long.class)).isEqualTo(42L);
        assertThat(binder.convertIfNecessary("-42", long.class)).isEqualTo(-42L);
        assertThat(binder.convertIfNecessary("042", Integer.class)).isEqualTo(42);
        assertThat(binder.convertIfNecessary("7", int.class)).isEqualTo(7);
        assertThat(binder.convertIfNecessary("", Long.class)).isNull();
    }

    @Test
    void refusesEveryOtherSpelling() {
        for (String text : new String[] {"+42", " 42", "42 ", "0x2a", "#2a", "\uFF14\uFF12", "-", "4_2",
                "9223372036854775808"}) {
            assertThatThrownBy(() -> binder.convertIfNecessary(text, Long.class)).as(text)
                    .isInstanceOf(TypeMismatchException.class);
            assertThatThrownBy(() -> binder.convertIfNecessary(text, int.class)).as(text)
                    .isInstanceOf(TypeMismatchException.class);
        }
    }

    @Test
    void booleansAreTrueOrFalse() {
        assertThat(binder.convertIfNecessary("true", boolean.class)).isTrue();
        assertThat(binder.convertIfNecessary("false", Boolean.class)).isFalse();
        for (String text : new String[] {"TRUE", "on", "yes", "1", "off", "no", "0", " true"}) {
            assertThatThrownBy(() -> binder.convertIfNecessary(text, boolean.class)).as(text)
                    .isInstanceOf(TypeMismatchException.class);
        }
    }
}
