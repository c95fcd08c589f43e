package io.chatplatform.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ArgsTest {

    @Test
    void readsTypedOptionsAndRefusesMisspeltOnes() {
        Args args = new Args(new String[] {"fanout", "--members", "1,000", "--duration=500ms", "--quiet", "--windw", "3"});

        assertThat(args.positional()).containsExactly("fanout");
        assertThat(args.integer("members", 1)).isEqualTo(1000);
        assertThat(args.duration("duration", Duration.ZERO)).isEqualTo(Duration.ofMillis(500));
        assertThat(args.flag("quiet")).isTrue();
        assertThatThrownBy(args::rejectUnused).hasMessageContaining("--windw");
    }

    @Test
    void durationsWithoutAUnitAreSeconds() {
        assertThat(Args.parseDuration("d", "20")).isEqualTo(Duration.ofSeconds(20));
        assertThat(Args.parseDuration("d", "1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Args.parseDuration("d", "2m")).isEqualTo(Duration.ofMinutes(2));
    }
}
