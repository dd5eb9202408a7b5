package io.vaultgate.sandbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** {@code vaultgate sandbox} as a separate process, started as a user would, its output read line by line. */
final class SandboxProcess implements AutoCloseable {

  private static final String END = "\u0000end";

  final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();
  private final Thread reader;

  private SandboxProcess(Process process) {
    this.process = process;
    this.reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        out.lines().forEach(lines::add);
      } catch (IOException e) {
        // the process ended
      } finally {
        lines.add(END);
      }
    }, "sandbox-output");
    reader.setDaemon(true);
    reader.start();
  }

  static SandboxProcess start(String... args) {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath,
        "io.vaultgate.cli.Main", "sandbox"));
    command.addAll(List.of(args));
    try {
      return new SandboxProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first line (from here on) containing the text; empty if the output ends or the time is up first. */
  Optional<String> awaitLine(String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null || line.equals(END)) {
        if (line != null) {
          lines.add(END);
        }
        return Optional.empty();
      }
      seen.add(line);
      if (line.contains(text)) {
        return Optional.of(line);
      }
    }
  }

  /** Waits for the process to end, and for its output to be read; its exit code. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the sandbox did not stop in " + timeout + "; output:\n" + output());
    }
    reader.join(timeout.toMillis());
    return process.exitValue();
  }

  /** Everything printed so far (drains what has not been read). */
  String output() {
    lines.drainTo(seen);
    return String.join("\n", seen.stream().filter(l -> !l.equals(END)).toList());
  }

  /** Sends a signal as kill does ({@link Process#destroy} would also close the output we read). */
  void signal(String name) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
