package dev.warden.daemon.cli;

import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) or SIGTERM while {@code warden migrate}'s command runs: the command and what it
 * started are stopped, and the signal is remembered so that the daemon hears the run was cancelled by
 * the operator instead of the client just vanishing. The JVM's own handlers come back afterwards.
 */
final class OperatorCancel implements AutoCloseable {
    private static final List<String> SIGNALS = List.of("INT", "TERM");
    private final List<Signal> installed = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private volatile String received;

    private OperatorCancel() {
    }

    /** Watches for the signals while {@code child} runs. */
    static OperatorCancel watch(Process child) {
        OperatorCancel cancel = new OperatorCancel();
        for (String name : SIGNALS) {
            Signal signal = new Signal(name);
            cancel.previous.add(Signal.handle(signal, s -> cancel.stop(child, "SIG" + s.getName())));
            cancel.installed.add(signal);
        }
        return cancel;
    }

    private void stop(Process child, String signal) {
        if (received == null) {
            received = signal;
        }
        child.descendants().forEach(ProcessHandle::destroy);
        child.destroy();
    }

    /** The signal that cancelled the command, such as SIGINT, or null when none came. */
    String received() {
        return received;
    }

    @Override
    public void close() {
        for (int i = 0; i < installed.size(); i++) {
            Signal.handle(installed.get(i), previous.get(i));
        }
    }
}
