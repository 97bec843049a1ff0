package io.radio4j.triton.internal;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves a fixed list of {@code host:port} replicas for one channel, so gRPC's round_robin
 * balancer spreads calls over them and reconnects each on its own. grpc-java has DNS and unix
 * resolvers but none for an explicit address list, hence this small one; it is handed to one
 * channel's builder, never registered globally.
 */
public final class StaticAddressResolver extends NameResolver {
    /** The URI scheme of the channel target this resolver serves. */
    public static final String SCHEME = "radio4j-replicas";

    private final List<HostPort> targets;
    private Listener2 listener;

    private StaticAddressResolver(List<HostPort> targets) {
        this.targets = List.copyOf(targets);
    }

    @Override
    public String getServiceAuthority() {
        return targets.getFirst().host();
    }

    @Override
    public void start(Listener2 listener) {
        this.listener = listener;
        resolve();
    }

    @Override
    public void refresh() {
        if (listener != null) {
            resolve();
        }
    }

    private void resolve() {
        List<EquivalentAddressGroup> groups = new ArrayList<>();
        StringBuilder failures = new StringBuilder();
        for (HostPort target : targets) {
            InetSocketAddress address = new InetSocketAddress(target.host(), target.port());
            if (address.isUnresolved()) {
                failures.append(' ').append(target);
                continue;
            }
            groups.add(new EquivalentAddressGroup(List.<SocketAddress>of(address)));
        }
        if (groups.isEmpty()) {
            listener.onError(Status.UNAVAILABLE.withDescription("cannot resolve any replica:" + failures));
            return;
        }
        listener.onResult(ResolutionResult.newBuilder().setAddresses(groups).build());
    }

    @Override
    public void shutdown() {
        listener = null;
    }

    /** A {@code host:port} pair. */
    public record HostPort(String host, int port) {
        /** @throws IllegalArgumentException unless {@code text} is {@code host:port} with a valid port */
        public static HostPort parse(String text) {
            if (text == null) {
                throw new IllegalArgumentException("target is null");
            }
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || colon == text.length() - 1) {
                throw new IllegalArgumentException("target must be host:port, got '" + text + "'");
            }
            String host = text.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port;
            try {
                port = Integer.parseInt(text.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("target must be host:port, got '" + text + "'", e);
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range in target '" + text + "'");
            }
            return new HostPort(host, port);
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /** Creates the resolver for one channel. */
    public static final class Factory extends NameResolver.Factory {
        private final List<HostPort> targets;

        public Factory(List<HostPort> targets) {
            if (targets.isEmpty()) {
                throw new IllegalArgumentException("no targets");
            }
            this.targets = List.copyOf(targets);
        }

        @Override
        public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
            return SCHEME.equals(targetUri.getScheme()) ? new StaticAddressResolver(targets) : null;
        }

        @Override
        public String getDefaultScheme() {
            return SCHEME;
        }
    }
}
