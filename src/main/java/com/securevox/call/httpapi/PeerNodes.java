package com.securevox.call.httpapi;

import com.securevox.call.call.CallOwnership.Owner;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Port: the other nodes sharing the calls, for the routes that act on a call in progress (answered by the node that
 * serves it, wherever the request arrived) and for {@code /api/call/stats} over every node. A single node has no peers,
 * and the API is then given none at all.
 */
public interface PeerNodes {

    /** This node's id. */
    String self();

    /** The live nodes, this one among them once it announced itself, as last listed; no I/O. */
    List<Peer> live();

    /**
     * Which node serves the call now. May block on I/O (the lease store): the API runs off the I/O threads.
     *
     * @param sessionId a valid call id
     */
    Placement place(String sessionId);

    /**
     * How to trust the nodes reached at {@code https://} URLs: a context that trusts the operator's CA for them, or
     * empty for the JDK's trust store.
     */
    Optional<SSLContext> tls();

    /** A live node and where the other nodes reach it. */
    record Peer(String id, URI url) {
        public Peer {
            if (!Owner.isValidNode(id)) {
                throw new IllegalArgumentException("id: invalid (expected: 1 to 64 of [A-Za-z0-9._-])");
            }
            Objects.requireNonNull(url, "url: null (expected: the node's http or https URL)");
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
                throw new IllegalArgumentException("url: '" + url + "' (expected: an http or https URL with a host)");
            }
        }
    }

    /** Where a call is served. */
    sealed interface Placement permits Here, Elsewhere, Gone, Unknown {}

    /** On this node, or nowhere: the route answers as a single node does (acting on it, or not finding it). */
    record Here() implements Placement {}

    /** On another live node, which answers for it. */
    record Elsewhere(Peer peer) implements Placement {
        public Elsewhere {
            Objects.requireNonNull(peer, "peer");
        }
    }

    /**
     * Held by a node that is not live: it died or lost the store, and its lease lapses within the lease's time to live,
     * after which the call's clients bring it back on the nodes they reconnect to.
     */
    record Gone(String node) implements Placement {
        public Gone {
            Objects.requireNonNull(node, "node");
        }
    }

    /** The lease store could not say; {@code reason} says why. */
    record Unknown(String reason) implements Placement {
        public Unknown {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
