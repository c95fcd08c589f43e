package io.chatplatform.ws.session;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sockets open and not yet authenticated (waiting for INIT), counted node-wide and per client address: what a
 * flood of token-less handshakes fills. Without the per-address count one client could take every pending place
 * of the node and lock out everyone who authenticates with INIT. A socket counts from {@link #enter} until
 * {@link #leave}, also when {@code enter} refused it (it is closed, and leaves once the close is done). IPv6
 * clients count per /64, the block one subscriber usually holds whole. Thread-safe; the per-address map holds
 * only addresses with a socket counted.
 */
final class PendingSockets {

    /** Whether a socket may wait for INIT, or which cap it found full. */
    enum Admission { ADMITTED, ADDRESS_FULL, NODE_FULL }

    private final AtomicInteger total;
    private final ConcurrentHashMap<String, Integer> byAddress = new ConcurrentHashMap<>();
    private final int maxTotal;
    private final int maxPerAddress;

    /** @param total the node-wide count, shared with the metric that exports it */
    PendingSockets(AtomicInteger total, int maxTotal, int maxPerAddress) {
        this.total = total;
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
    }

    /** Counts one more socket of this client (as {@link #clientKey} names it). */
    Admission enter(String clientKey) {
        int ofClient = add(clientKey, 1);
        int all = total.incrementAndGet();
        if (ofClient > maxPerAddress) {
            return Admission.ADDRESS_FULL;
        }
        return all > maxTotal ? Admission.NODE_FULL : Admission.ADMITTED;
    }

    /** Stops counting a socket that {@link #enter} counted. */
    void leave(String clientKey) {
        add(clientKey, -1);
        total.decrementAndGet();
    }

    /**
     * Changes a client's count and drops it at zero. A close racing the opening may leave before it entered: the
     * count then dips below zero for a moment and still ends at zero, without leaving an entry behind.
     */
    private int add(String clientKey, int delta) {
        Integer count = byAddress.merge(clientKey, delta, (old, change) -> old + change == 0 ? null : old + change);
        return count == null ? 0 : count;
    }

    /**
     * The key a client's sockets are counted under: its IPv4 address, or the /64 prefix of its IPv6 address.
     *
     * @param remoteAddress the address the request came from, an IP literal (a forwarded one behind a trusted
     *                      proxy); null when unknown
     */
    static String clientKey(String remoteAddress) {
        if (remoteAddress == null) {
            return "unknown";
        }
        if (remoteAddress.indexOf(':') < 0) {
            return remoteAddress;
        }
        try {
            // An IP literal: no name lookup happens.
            InetAddress address = InetAddress.getByName(remoteAddress);
            if (address instanceof Inet6Address) {
                byte[] prefix = Arrays.copyOf(address.getAddress(), 16);
                Arrays.fill(prefix, 8, 16, (byte) 0);
                return InetAddress.getByAddress(prefix).getHostAddress() + "/64";
            }
            return address.getHostAddress();
        } catch (UnknownHostException e) {
            return remoteAddress;
        }
    }
}
