package io.chatplatform.ws.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PendingSocketsTest {

    private final AtomicInteger total = new AtomicInteger();
    private final PendingSockets pending = new PendingSockets(total, 4, 2);

    @Test
    void oneSocketBeyondTheAddressCapIsRefusedWhileOtherAddressesAreAdmitted() {
        assertThat(pending.enter("203.0.113.7")).isEqualTo(PendingSockets.Admission.ADMITTED);
        assertThat(pending.enter("203.0.113.7")).isEqualTo(PendingSockets.Admission.ADMITTED);

        assertThat(pending.enter("203.0.113.7")).isEqualTo(PendingSockets.Admission.ADDRESS_FULL);
        assertThat(pending.enter("198.51.100.1")).isEqualTo(PendingSockets.Admission.ADMITTED);
    }

    @Test
    void theNodeCapHoldsAcrossAddresses() {
        for (int i = 1; i <= 4; i++) {
            assertThat(pending.enter("198.51.100." + i)).isEqualTo(PendingSockets.Admission.ADMITTED);
        }

        assertThat(pending.enter("198.51.100.5")).isEqualTo(PendingSockets.Admission.NODE_FULL);
        assertThat(total).hasValue(5);
    }

    @Test
    void aSocketThatLeavesGivesItsAddressTheRoomBack() {
        pending.enter("203.0.113.7");
        pending.enter("203.0.113.7");
        pending.enter("203.0.113.7");

        pending.leave("203.0.113.7");
        pending.leave("203.0.113.7");

        assertThat(total).hasValue(1);
        assertThat(pending.enter("203.0.113.7")).isEqualTo(PendingSockets.Admission.ADMITTED);
    }

    @Test
    void aLeaveBeforeItsEnterStillEndsAtZero() {
        pending.leave("203.0.113.7");
        pending.enter("203.0.113.7");

        assertThat(total).hasValue(0);
        assertThat(pending.enter("203.0.113.7")).isEqualTo(PendingSockets.Admission.ADMITTED);
        assertThat(pending.enter("203.0.113.7")).isEqualTo(PendingSockets.Admission.ADMITTED);
        assertThat(pending.enter("203.0.113.7")).isEqualTo(PendingSockets.Admission.ADDRESS_FULL);
    }

    @Test
    void ipv6ClientsCountPerSlash64AndIpv4PerAddress() {
        assertThat(PendingSockets.clientKey("2001:db8:1:2:aaaa::1"))
                .isEqualTo(PendingSockets.clientKey("2001:0db8:0001:0002:ffff:ffff:ffff:fffe"))
                .isEqualTo("2001:db8:1:2:0:0:0:0/64");
        assertThat(PendingSockets.clientKey("2001:db8:1:3::1")).isEqualTo("2001:db8:1:3:0:0:0:0/64");
        assertThat(PendingSockets.clientKey("203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(PendingSockets.clientKey(null)).isEqualTo("unknown");
    }
}
