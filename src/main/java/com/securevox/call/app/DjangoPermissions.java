package com.securevox.call.app;

import com.securevox.call.auth.DjangoCallPolicy;
import com.securevox.call.signaling.CallPermissions;
import com.securevox.call.signaling.ErrorCode;
import com.securevox.call.signaling.SignalingException;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Adapts {@link DjangoCallPolicy} (which knows Django) to {@link CallPermissions} (what ringing's socket side needs):
 * every invitee is asked about at once; one without an answer fails the whole invite with {@code UNAVAILABLE}, since
 * ringing someone the policy might refuse is worse than asking the caller to try again.
 */
final class DjangoPermissions implements CallPermissions {
    private final DjangoCallPolicy django;

    DjangoPermissions(DjangoCallPolicy django) {
        this.django = Objects.requireNonNull(django, "django");
    }

    @Override
    public CompletionStage<Set<String>> refused(String from, List<String> to) {
        List<CompletableFuture<DjangoCallPolicy.Answer>> answers = to.stream()
                .map(user -> django.mayCall(from, user).toCompletableFuture())
                .toList();
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                .thenApply(done -> {
                    Set<String> refused = new HashSet<>();
                    for (int i = 0; i < to.size(); i++) {
                        switch (answers.get(i).join()) {
                            case ALLOWED -> {}
                            case REFUSED -> refused.add(to.get(i));
                            case UNAVAILABLE ->
                                throw new SignalingException(
                                        ErrorCode.UNAVAILABLE,
                                        "call policy: Django at " + django.authority() + " did not say whether '" + from
                                                + "' may call '" + to.get(i)
                                                + "' (expected: 200 or 403 in time); try again");
                        }
                    }
                    return refused;
                });
    }
}
