package dev.bollard.proxy.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;

import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollSocketChannel;

/**
 * The destination a client dialled before iptables REDIRECTed it to us: {@code getsockopt(fd,
 * SOL_IP, SO_ORIGINAL_DST)} (IPv4) or {@code getsockopt(fd, SOL_IPV6, IP6T_SO_ORIGINAL_DST)} (IPv6)
 * on the accepted socket, which asks netfilter's conntrack entry of that very socket.
 * <p>
 * Why this way: Netty has no API for it; JNA's direct mapping calls libc's {@code getsockopt} on the
 * epoll channel's descriptor without shipping (and building, and loading) a JNI library of our own;
 * parsing {@code /proc/net/nf_conntrack} instead is racy (the entry is looked up by a 4-tuple after
 * the fact), needs privileges, and does not exist without the conntrack procfs module. Envoy and
 * ztunnel make the same {@code getsockopt} call.
 * <p>
 * A connection that was not redirected (someone connected to 15001/15006 directly) has no original
 * destination: the call fails with {@code ENOENT}, or, where conntrack tracked it without NAT,
 * returns our own listening address. Both are answered {@link Optional#empty()}, and the caller
 * closes the connection: proxying it would connect to ourselves, a loop.
 */
public final class OriginalDestination {
    /** Looks up a channel's original destination; injected so that tests run without iptables. */
    @FunctionalInterface
    public interface Lookup {
        Optional<InetSocketAddress> of(Channel accepted);
    }

    /** The real lookup: {@code SO_ORIGINAL_DST} on the accepted epoll socket. */
    public static final Lookup SO_ORIGINAL_DST = OriginalDestination::of;

    static final int SOL_IP = 0;
    static final int SOL_IPV6 = 41;
    /** {@code SO_ORIGINAL_DST} (linux/netfilter_ipv4.h) and {@code IP6T_SO_ORIGINAL_DST} share the value 80. */
    static final int SO_ORIGINAL_DST_OPT = 80;
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    private static final int SOCKADDR_IN = 16;
    private static final int SOCKADDR_IN6 = 28;

    private OriginalDestination() {
    }

    public static Optional<InetSocketAddress> of(Channel accepted) {
        if (!(accepted instanceof EpollSocketChannel epoll) || !(accepted.localAddress() instanceof InetSocketAddress local)) {
            return Optional.empty();
        }
        int fd = epoll.fd().intValue();
        Optional<InetSocketAddress> found;
        if (local.getAddress() instanceof Inet4Address) {
            found = query(fd, SOL_IP, SOCKADDR_IN);
        } else {
            found = query(fd, SOL_IPV6, SOCKADDR_IN6);
            if (found.isEmpty()) {
                found = query(fd, SOL_IP, SOCKADDR_IN); // an IPv4 client on a dual-stack socket
            }
        }
        return found.filter(destination -> !isSelf(destination, local));
    }

    /** True when the "original" destination is the listener itself: not redirected, a loop if proxied. */
    static boolean isSelf(InetSocketAddress destination, InetSocketAddress local) {
        return destination.getPort() == local.getPort() && destination.getAddress().equals(local.getAddress());
    }

    private static Optional<InetSocketAddress> query(int fd, int level, int size) {
        byte[] sockaddr = new byte[size];
        int[] length = {size};
        try {
            Libc.getsockopt(fd, level, SO_ORIGINAL_DST_OPT, sockaddr, length);
        } catch (LastErrorException e) {
            return Optional.empty(); // ENOENT: no conntrack entry with NAT, not redirected
        }
        return parse(Arrays.copyOf(sockaddr, Math.min(length[0], size)));
    }

    /** A {@code struct sockaddr_in} or {@code sockaddr_in6} as the kernel fills it (family in host order). */
    static Optional<InetSocketAddress> parse(byte[] sockaddr) {
        if (sockaddr.length < 4) {
            return Optional.empty();
        }
        int family = (sockaddr[0] & 0xff) | (sockaddr[1] & 0xff) << 8; // sa_family_t, little-endian on x86-64
        int port = (sockaddr[2] & 0xff) << 8 | (sockaddr[3] & 0xff);
        try {
            if (family == AF_INET && sockaddr.length >= 8) {
                return Optional.of(new InetSocketAddress(InetAddress.getByAddress(Arrays.copyOfRange(sockaddr, 4, 8)), port));
            }
            if (family == AF_INET6 && sockaddr.length >= 24) {
                return Optional.of(new InetSocketAddress(InetAddress.getByAddress(Arrays.copyOfRange(sockaddr, 8, 24)), port));
            }
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * Loads libc through JNA now, so that a proxy that cannot call {@code getsockopt} fails at start
     * with a clear message instead of refusing every connection later.
     */
    public static void ensureAvailable() {
        try {
            Libc.getsockopt(-1, SOL_IP, SO_ORIGINAL_DST_OPT, new byte[SOCKADDR_IN], new int[] {SOCKADDR_IN});
        } catch (LastErrorException expected) {
            // EBADF: the call itself works
        } catch (LinkageError e) {
            throw new IllegalStateException("SO_ORIGINAL_DST: cannot call libc getsockopt through JNA: " + e, e);
        }
    }

    /** Marks a not-yet-bound IPv6 socket IPv6-only, so that {@code [::]} and {@code 0.0.0.0} can share a port. */
    public static void setIpv6Only(int fd) {
        Libc.setsockopt(fd, SOL_IPV6, 26 /* IPV6_V6ONLY */, new int[] {1}, 4);
    }

    /** libc through JNA direct mapping: no interface proxy, no reflection per call. */
    private static final class Libc {
        static {
            Native.register(Platform.C_LIBRARY_NAME);
        }

        static native int getsockopt(int fd, int level, int option, byte[] value, int[] length) throws LastErrorException;

        static native int setsockopt(int fd, int level, int option, int[] value, int length) throws LastErrorException;
    }
}
