package io.radio4j.core.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

/**
 * Which IP addresses a server may fetch from on a client's behalf: only globally reachable unicast
 * ones. Refused are the ranges of IANA's IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890
 * and its updates: this host, private, shared CGNAT, loopback, link-local, IETF protocol
 * assignments, documentation, benchmarking, 6to4 relay, AS112, AMT, reserved, broadcast; IPv6
 * unspecified, loopback, discard, IETF protocol assignments (Teredo, ORCHID, ...), documentation,
 * 6to4, SRv6 SIDs, unique-local, link-local, the old site-local) plus multicast. IPv4-mapped,
 * IPv4-compatible and NAT64 IPv6 addresses are judged by the IPv4 address they carry.
 */
public final class AddressRules {

    private record Range(byte[] prefix, int bits) {
        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[full] & mask) == (prefix[full] & mask);
        }
    }

    private static final List<Range> REFUSED_V4 = List.of(
            v4("0.0.0.0", 8),
            v4("10.0.0.0", 8),
            v4("100.64.0.0", 10),
            v4("127.0.0.0", 8),
            v4("169.254.0.0", 16),
            v4("172.16.0.0", 12),
            v4("192.0.0.0", 24),
            v4("192.0.2.0", 24),
            v4("192.31.196.0", 24),
            v4("192.52.193.0", 24),
            v4("192.88.99.0", 24),
            v4("192.168.0.0", 16),
            v4("192.175.48.0", 24),
            v4("198.18.0.0", 15),
            v4("198.51.100.0", 24),
            v4("203.0.113.0", 24),
            v4("224.0.0.0", 4),
            v4("240.0.0.0", 4));

    private static final List<Range> REFUSED_V6 = List.of(
            v6("::", 128),
            v6("::1", 128),
            v6("64:ff9b:1::", 48),
            v6("100::", 64),
            v6("2001::", 23),
            v6("2001:db8::", 32),
            v6("2002::", 16),
            v6("3fff::", 20),
            v6("5f00::", 16),
            v6("fc00::", 7),
            v6("fe80::", 10),
            v6("fec0::", 10),
            v6("ff00::", 8));

    /** IPv6 prefixes that carry an IPv4 address in their last 32 bits. */
    private static final List<Range> CARRY_V4 = List.of(v6("::ffff:0:0", 96), v6("::", 96), v6("64:ff9b::", 96));

    private AddressRules() {}

    /** Whether a server may connect to {@code address} for a client. */
    public static boolean isPublic(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return REFUSED_V4.stream().noneMatch(r -> r.contains(b));
        }
        if (address instanceof Inet6Address) {
            for (Range carrier : CARRY_V4) {
                if (carrier.contains(b) && !(carrier.bits() == 96 && isZeroV6(b))) {
                    byte[] v4 = {b[12], b[13], b[14], b[15]};
                    return REFUSED_V4.stream().noneMatch(r -> r.contains(v4)) && !isZeroPrefix(b);
                }
            }
            return REFUSED_V6.stream().noneMatch(r -> r.contains(b));
        }
        return false;
    }

    // ::/96 (IPv4-compatible, deprecated) also covers :: and ::1: those are refused outright.
    private static boolean isZeroV6(byte[] b) {
        for (int i = 0; i < 15; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isZeroPrefix(byte[] b) {
        // IPv4-compatible addresses (::a.b.c.d) are deprecated (RFC 4291): never fetched.
        for (int i = 0; i < 12; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static Range v4(String address, int bits) {
        return new Range(parse(address), bits);
    }

    private static Range v6(String address, int bits) {
        byte[] b = parse(address);
        if (b.length == 4) { // "::ffff:0:0" parses as an IPv4 address in Java
            byte[] v6 = new byte[16];
            v6[10] = (byte) 0xFF;
            v6[11] = (byte) 0xFF;
            System.arraycopy(b, 0, v6, 12, 4);
            b = v6;
        }
        return new Range(b, bits);
    }

    private static byte[] parse(String literal) {
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("not an IP literal: " + literal, e);
        }
    }
}
