package com.securevox.call.signaling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.securevox.call.call.ConnectionId;
import com.securevox.call.ring.Invite;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One {@code call_invite} of a device connection on its way to a ring, with glare across nodes: an invite for a new
 * call naming one person first claims the pair ({@link com.securevox.call.ring.GlarePairs}). When that person's ring
 * towards the caller holds the pair, the invite goes to that ring's call instead, on the node serving it, where it
 * meets the ring as on one node: it is answered with that ring, accepted. Of two invites crossing each other exactly
 * one claims the pair; the other meets its ring (or, when it reaches the call first, rings it and the first one meets
 * it there), so the two people get one call, one ring.
 */
final class GlareInvite {
    /**
     * The refusals of an invite sent to a ring's call that say that ring no longer rings the caller (over, answered,
     * forgotten): the pair's claim outlived it.
     */
    private static final Set<ErrorCode> OVER =
            EnumSet.of(ErrorCode.RING_NOT_FOUND, ErrorCode.ALREADY_INVITED, ErrorCode.CONFLICT);

    private final RingEvents events;
    private final String caller;
    private final ConnectionId connection;
    private final Invite asked;
    private final Set<String> refused;
    private final JsonNode payload;
    private final Optional<RingEvents.RingOwner> owners;

    GlareInvite(
            RingEvents events,
            String caller,
            ConnectionId connection,
            Invite asked,
            Set<String> refused,
            JsonNode payload,
            Optional<RingEvents.RingOwner> owners) {
        this.events = events;
        this.caller = caller;
        this.connection = connection;
        this.asked = asked;
        this.refused = refused;
        this.payload = payload;
        this.owners = owners;
    }

    /**
     * Rings, or meets the ring that holds the pair; {@code tries}: how many more times the pair is claimed after a
     * claim that outlived its ring is let go of (none: the invite rings without a claim).
     */
    CompletionStage<Object> ring(int tries) {
        boolean fresh = asked.sessionId().isEmpty();
        boolean claim = fresh
                && tries > 0
                && asked.to().size() == 1
                && owners.isPresent()
                && payload instanceof ObjectNode
                && events.claimsPairs()
                && !refused.containsAll(asked.to());
        return events.placed(asked)
                .thenCompose(invite -> events.reach(caller, invite, claim).thenCompose(reach -> {
                    if (reach.glare().isEmpty()) {
                        return CompletableFuture.completedFuture(
                                events.invited(connection, caller, invite, refused, reach, fresh, claim));
                    }
                    // The new call rings nothing: the invite meets the other ring, in its call.
                    events.home().unrung(invite.sessionId().orElseThrow());
                    String theirs = reach.glare().get();
                    // Either way the pair is let go of: the ring met is answered now, or it was over already. An
                    // invite after this one claims the pair afresh.
                    return meet(theirs, reach)
                            .thenCompose(answer -> events.release(asked.to().getFirst(), caller, theirs)
                                    .thenCompose(released -> answer.isPresent()
                                            ? CompletableFuture.completedFuture(answer.get())
                                            : ring(tries - 1)));
                }));
    }

    /** The invite sent to call {@code theirs}: its answer, or empty when that ring no longer rings the caller. */
    private CompletionStage<Optional<Object>> meet(String theirs, RingEvents.Reach reach) {
        return events.home().servedElsewhere(theirs).thenCompose(owner -> {
            if (owner.isPresent()) {
                ObjectNode naming = ((ObjectNode) payload).deepCopy().put("sessionId", theirs);
                return owners.orElseThrow()
                        .ask(connection, caller, owner.get(), ClientEventType.CALL_INVITE, theirs, naming)
                        .thenApply(ack -> over(ack) ? Optional.empty() : Optional.of(ack));
            }
            if (events.rings().rings(theirs) || events.home().epoch(theirs).isPresent()) {
                Invite there = new Invite(asked.to(), Optional.of(theirs), asked.media(), asked.metadataJson());
                try {
                    return CompletableFuture.completedFuture(
                            Optional.of(events.invited(connection, caller, there, refused, reach, false, false)));
                } catch (SignalingException e) {
                    if (OVER.contains(e.code())) {
                        return CompletableFuture.completedFuture(Optional.empty());
                    }
                    throw e;
                }
            }
            // Served nowhere: that ring and its call are long over.
            return CompletableFuture.completedFuture(Optional.empty());
        });
    }

    /** Whether the serving node's acknowledgement is a refusal saying the ring no longer rings the caller. */
    private static boolean over(Object ack) {
        JsonNode reply;
        try {
            reply = NodeJson.read(ack instanceof JsonText text ? text.json() : NodeJson.write(ack));
        } catch (JsonProcessingException e) {
            return false;
        }
        if (reply == null || reply.path("ok").asBoolean(false)) {
            return false;
        }
        String code = reply.path("error").path("code").asText("");
        return OVER.stream().anyMatch(c -> c.name().equals(code));
    }
}
