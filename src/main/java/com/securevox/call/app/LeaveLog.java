package com.securevox.call.app;

import com.securevox.call.call.CallFact;
import com.securevox.call.call.CallJournal;
import com.securevox.call.call.LeaveReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per leave the server decided: a reconnect grace that ran out, a socket replaced, a host's removal or
 * end, a drain. A {@code leave_call} is logged where the socket sent it, with its connection; the others happen on
 * a timer or another participant's request, so only the call's facts see them.
 */
final class LeaveLog implements CallJournal {
    private static final Logger log = LoggerFactory.getLogger(LeaveLog.class);

    @Override
    public void record(CallFact fact) {
        if (fact instanceof CallFact.ParticipantLeft left && left.reason() != LeaveReason.LEFT) {
            log.info(
                    "leave userId={} sessionId={} reason={}",
                    left.userId(),
                    left.sessionId(),
                    left.reason().wireName());
        }
    }
}
