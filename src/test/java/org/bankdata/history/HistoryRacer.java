package org.bankdata.history;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bankdata.errors.RunStateException;

/**
 * Run in a child JVM by {@link PostgresRunHistoryIT}: one of several processes that change the same runs at the same
 * moments. Args: JDBC URL with login, lake, what it does ({@code succeed}, {@code fail} or {@code interrupt}), a file
 * that will hold the epoch millisecond of the first round, the milliseconds between rounds, then the run ids, one per
 * round. Once its history is open it prints {@code ready} and waits for the file; at each round's moment it tries its
 * change on that round's run and prints {@code <run> won} or {@code <run> lost}.
 */
public final class HistoryRacer {
    private HistoryRacer() {
    }

    public static void main(String[] args) throws InterruptedException {
        HistoryLocation.Postgres db = (HistoryLocation.Postgres) HistoryLocation.parse(args[0], Map.of());
        String action = args[2];
        java.nio.file.Path startFile = java.nio.file.Path.of(args[3]);
        long gap = Long.parseLong(args[4]);
        List<String> runs = List.of(args).subList(5, args.length);
        try (RunHistory history = RunHistory.open(db, args[1])) {
            System.out.println("ready");
            System.out.flush();
            long first = firstRound(startFile);
            for (int round = 0; round < runs.size(); round++) {
                String run = runs.get(round);
                long wait = first + round * gap - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                System.out.println(run + " " + (tryChange(history, run, action) ? "won" : "lost"));
                System.out.flush();
            }
        }
    }

    private static long firstRound(java.nio.file.Path startFile) throws InterruptedException {
        while (true) {
            try {
                String text = java.nio.file.Files.readString(startFile).trim();
                if (text.endsWith(";")) {
                    return Long.parseLong(text.substring(0, text.length() - 1));
                }
            } catch (java.io.IOException notYet) {
                // not written yet
            }
            Thread.sleep(5);
        }
    }

    private static boolean tryChange(RunHistory history, String run, String action) {
        try {
            return switch (action) {
                case "succeed" -> {
                    history.finishRun(run, RunState.SUCCEEDED, Instant.now(), null, List.of("ended by " + ProcessHandle.current().pid()));
                    yield true;
                }
                case "fail" -> {
                    history.finishRun(run, RunState.FAILED, Instant.now(), "failed by " + ProcessHandle.current().pid());
                    yield true;
                }
                // only this round's run has lost its process: the leases of the later rounds' runs are held
                case "interrupt" -> history.markInterrupted(Instant.now(), lease -> !lease.equals(run)).contains(run);
                default -> throw new IllegalArgumentException("unknown action " + action);
            };
        } catch (RunStateException lost) {
            return false;
        }
    }
}
