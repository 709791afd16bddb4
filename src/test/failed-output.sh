#!/bin/sh
# Prints what each failing test class printed, for `make test` after `mvn verify` fails: surefire and failsafe keep a
# class's output (log lines, the servers' output an IT prints) in target/*-reports/<class>-output.txt rather than on the
# console (redirectTestOutputToFile in pom.xml). Its last $FAILED_OUTPUT_LINES lines (default 300) are shown; the file has all of it.
#
#   src/test/failed-output.sh [reports directory…]   (default: target/surefire-reports target/failsafe-reports)
#
# Reports older than target/test-started, when it exists (`make test` touches it before Maven starts), are left out:
# they are an earlier run's (when the unit tests fail the ITs do not run, and their reports stay from the last time).
lines=${FAILED_OUTPUT_LINES:-300}
started=target/test-started
[ $# -gt 0 ] || set -- target/surefire-reports target/failsafe-reports
for dir in "$@"; do
    for report in "$dir"/TEST-*.xml; do
        [ -f "$report" ] || continue
        if [ -f "$started" ] && [ ! "$report" -nt "$started" ]; then continue; fi
        # A class with a failing or erroring test has a <failure or <error element in its report.
        grep -q -e '<failure' -e '<error' "$report" || continue
        class=${report##*/TEST-}
        class=${class%.xml}
        output="$dir/$class-output.txt"
        if [ -f "$output" ]; then
            echo "--- what $class printed (last $lines lines of $output) ---"
            tail -n "$lines" "$output"
            echo "--- end of $class ---"
        else
            echo "--- $class failed and printed nothing ---"
        fi
    done
done
