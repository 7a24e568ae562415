package io.echotune.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The running local stack of {@code deploy/local/stack.sh}, as the fault scenarios drive it: each process's pid comes
 * from the stack's own pid file ({@code <data dir>/run/<name>.pid}), faults are plain signals to exactly that pid, and
 * whatever is no longer running is brought back by {@code stack.sh up}, which starts only what is missing.
 */
final class LocalStack {

    private final Path dataDir;
    private final Path script;
    private final Path log;

    LocalStack(Path dataDir, Path script) {
        this.dataDir = dataDir;
        this.script = script;
        this.log = Path.of("target", "chaos-stack.log");
    }

    long pid(String name) throws IOException {
        Path file = dataDir.resolve("run").resolve(name + ".pid");
        return Long.parseLong(Files.readString(file).trim());
    }

    /** SIGKILL: the process gets no chance to flush, commit or say goodbye. */
    void kill9(String name) throws Exception {
        ProcessHandle process = handle(name);
        process.destroyForcibly();
        process.onExit().get(30, TimeUnit.SECONDS);
    }

    /** A clean stop: SIGTERM (PostgreSQL: SIGINT, its fast shutdown, as stack.sh down does), waiting for the exit. */
    void stop(String name) throws Exception {
        ProcessHandle process = handle(name);
        if (name.equals("postgres")) {
            run(List.of("kill", "-INT", Long.toString(process.pid())), Duration.ofSeconds(10));
        } else {
            process.destroy();
        }
        process.onExit().get(120, TimeUnit.SECONDS);
    }

    /** Starts whatever of the stack is not running ({@code stack.sh up} leaves running processes alone). */
    Duration restartMissing() throws Exception {
        return restartMissing(Map.of());
    }

    /** As {@link #restartMissing()}, with extra environment for what it starts (settings the env file does not hold). */
    Duration restartMissing(Map<String, String> environment) throws Exception {
        long start = System.nanoTime();
        run(List.of("bash", script.toString(), "up"), Duration.ofMinutes(20), environment);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private ProcessHandle handle(String name) throws IOException {
        long pid = pid(name);
        return ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(name + " (pid " + pid + ") does not run"));
    }

    /** SIGSTOP, then SIGCONT after the pause: a store that hangs, its connections open and nothing answered. */
    void freeze(String name, Duration pause) throws Exception {
        long pid = handle(name).pid();
        run(List.of("kill", "-STOP", Long.toString(pid)), Duration.ofSeconds(10));
        try {
            Thread.sleep(pause.toMillis());
        } finally {
            run(List.of("kill", "-CONT", Long.toString(pid)), Duration.ofSeconds(10));
        }
    }

    private void run(List<String> command, Duration timeout) throws Exception {
        run(command, timeout, Map.of());
    }

    private void run(List<String> command, Duration timeout, Map<String, String> environment) throws Exception {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command + " did not finish within " + timeout + " (see " + log + ")");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(command + " failed with exit code " + process.exitValue() + " (see " + log + ")");
        }
    }
}
