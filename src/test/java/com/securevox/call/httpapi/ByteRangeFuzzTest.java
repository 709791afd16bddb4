package com.securevox.call.httpapi;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any {@code Range} header and file size gives one of the three answers, never an exception, and a part always lies
 * within the file.
 */
class ByteRangeFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void answersOrIgnores(FuzzedDataProvider data) {
        long size = data.consumeBoolean() ? data.consumeLong(0, Long.MAX_VALUE) : data.consumeLong(0, 100);
        String header = data.consumeRemainingAsString();
        switch (ByteRange.of(header, size)) {
            case ByteRange.Answer.Part part -> {
                ByteRange r = part.range();
                if (r.first() < 0 || r.last() >= size || r.first() > r.last() || r.length() < 1) {
                    throw new AssertionError("part " + r + " of " + size + " bytes for " + header);
                }
            }
            case ByteRange.Answer.Whole whole -> {}
            case ByteRange.Answer.Unsatisfiable unsatisfiable -> {}
        }
    }
}
