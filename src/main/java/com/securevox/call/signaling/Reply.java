package com.securevox.call.signaling;

/** The acknowledgement a client may have asked for with its event. */
public interface Reply {
    boolean requested();

    /** Sends the acknowledgement; called at most once, and only when {@link #requested()}. */
    void send(Object payload);

    Reply NONE = new Reply() {
        @Override
        public boolean requested() {
            return false;
        }

        @Override
        public void send(Object payload) {}
    };
}
