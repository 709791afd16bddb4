package com.securevox.call.media;

import com.securevox.call.call.ConnectionId;
import com.securevox.call.call.MediaKind;
import com.securevox.call.call.Participant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A host's mute in a call on the SFU: the SFU stops forwarding the muted track ({@link SfuGateway#moderate}), so it
 * holds even against a client that ignores its {@code mute_request}. Only the participant itself lifts it, by unmuting
 * (a host cannot unmute anyone). Confined to {@link SfuCalls}'s thread, like the members it marks.
 *
 * <p>In a mesh the server forwards no media, so there a mute is the muted client's to honour.
 */
final class Moderator {
    private static final Logger log = LoggerFactory.getLogger(Moderator.class);

    private final SfuGateway gateway;
    private final SfuIndex index;

    Moderator(SfuGateway gateway, SfuIndex index) {
        this.gateway = gateway;
        this.index = index;
    }

    /** A host muted the participant on {@code connection}: its {@code kind} is not forwarded from now on. */
    void requested(ConnectionId connection, MediaKind kind) {
        index.callOf(connection).ifPresent(call -> index.memberOf(connection).ifPresent(member -> {
            member.moderated().add(kind);
            apply(call, member, kind, true);
        }));
    }

    /** The participant's state changed: a moderated track it unmuted itself is forwarded again. */
    void updated(String sessionId, Participant participant) {
        index.call(sessionId).ifPresent(call -> {
            SfuMember member = call.members.get(participant.userId());
            if (member == null || !member.isModerated()) {
                return;
            }
            for (MediaKind kind : new ArrayList<>(member.moderated())) {
                boolean muted =
                        switch (kind) {
                            case AUDIO -> participant.audioMuted();
                            case VIDEO -> participant.videoMuted();
                        };
                if (!muted) {
                    member.moderated().remove(kind);
                    apply(call, member, kind, false);
                }
            }
        });
    }

    /** A feed was published or changed (a new presence, a screen added): what is moderated stays so. */
    void published(SfuCall call, FeedId feed) {
        call.publisherOf(feed).filter(SfuMember::isModerated).ifPresent(member -> {
            for (MediaKind kind : member.moderated()) {
                apply(call, member, kind, true);
            }
        });
    }

    private void apply(SfuCall call, SfuMember member, MediaKind kind, boolean muted) {
        if (member.media == null) {
            return; // not in the room (a mesh, or being recovered): its next publication applies it
        }
        String type = kind.name().toLowerCase(Locale.ROOT);
        List<String> mids = call.feeds.getOrDefault(member.media.feed(), List.of()).stream()
                .filter(stream -> stream.kind().equals(type))
                .map(PublishedStream::mid)
                .toList();
        if (mids.isEmpty()) {
            return; // nothing of that kind published yet: published() applies it when it is
        }
        gateway.moderate(member.media, mids, muted).whenComplete((ok, failure) -> {
            if (failure != null) {
                log.warn(
                        "media call={} userId={} moderate {} muted={} failed: {}",
                        call.sessionId,
                        member.userId,
                        type,
                        muted,
                        failure.getMessage());
            } else {
                log.debug("media call={} userId={} moderate {} muted={}", call.sessionId, member.userId, type, muted);
            }
        });
    }
}
