package com.securevox.call.quality;

/**
 * Where the server's own views of participants' media go (the port the SFU adapter's poller feeds): each becomes a
 * {@link PointSource#SERVER} point of the participant's timeline. Never blocks.
 */
public interface ServerViews {
    void serverView(String sessionId, String userId, ServerView view);
}
