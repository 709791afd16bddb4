package com.securevox.call.media;

/**
 * Where {@link SfuCalls} tells which way each call's media goes (history). The same contract as {@link
 * com.securevox.call.call.CallJournal}: called on the media actor, in the call's order, and an implementation must
 * only enqueue or count: never block, never wait for a lock, never call back into the media side, never throw.
 */
public interface MediaJournal {

    /**
     * The call's media moved to {@code mode}. Not told for a call that stays on the mesh: every call starts there.
     */
    void mediaChanged(String sessionId, MediaMode mode);
}
