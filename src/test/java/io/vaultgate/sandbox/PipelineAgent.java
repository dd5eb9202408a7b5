package io.vaultgate.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.vaultgate.sandbox.StepsTemplate.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs expanded steps as an Azure Pipelines agent runs a job's steps, for the pipeline template's tests: in order;
 * a step with no condition only while no step has failed, one with {@code always()} whatever happened; every
 * pipeline variable in each step's environment (upper case, '.' as '_', as the agent exposes them); macros
 * ({@code $(Build.BuildId)}) of known variables expanded in scripts and env values; {@code ##vso[task.setvariable]}
 * lines setting variables for the later steps; bash scripts run as {@code bash --noprofile --norc FILE} from the
 * work directory. Tasks are not run: each task a template uses needs an emulation given by the test (returning
 * the variables the task sets), and any other fails the run.
 */
final class PipelineAgent {

  private static final Pattern MACRO = Pattern.compile("\\$\\(([A-Za-z0-9_.\\-]+)\\)");
  private static final Pattern SET_VARIABLE =
      Pattern.compile("##vso\\[task\\.setvariable variable=([^;\\]]+)(?:;[^\\]]*)?](.*)");
  private static final long STEP_TIMEOUT_SECONDS = 180;

  enum Outcome { SUCCEEDED, FAILED, SKIPPED, NOT_RUN }

  /** One step of a run: what happened, and its log (standard output and error, as the agent's log shows). */
  record StepRun(Step step, Outcome outcome, String log) {
    @Override
    public String toString() {
      return "--- " + step.displayName() + ": " + outcome + "\n" + log;
    }
  }

  /** A job's run: every step, those not run included, and the variables at its end. */
  record Run(List<StepRun> steps, Map<String, String> variables) {
    boolean succeeded() {
      return steps.stream().noneMatch(s -> s.outcome() == Outcome.FAILED);
    }

    StepRun step(String displayName) {
      return steps.stream().filter(s -> s.step().displayName().equals(displayName)).findFirst()
          .orElseThrow(() -> new AssertionError("no step '" + displayName + "' in\n" + this));
    }

    @Override
    public String toString() {
      StringBuilder out = new StringBuilder();
      steps.forEach(s -> out.append(s).append('\n'));
      return out.toString();
    }
  }

  private final Path workDirectory;
  private final Map<String, String> baseEnvironment;
  private final Map<String, Function<JsonNode, Map<String, String>>> tasks;

  /**
   * @param baseEnvironment the agent machine's environment (PATH, HOME): nothing else of the test's is inherited
   * @param tasks for each task a template may use (e.g. {@code Kubernetes@1}), what it does given its inputs: the
   *     variables it sets; it throws to fail the step
   */
  PipelineAgent(Path workDirectory, Map<String, String> baseEnvironment,
                Map<String, Function<JsonNode, Map<String, String>>> tasks) {
    this.workDirectory = workDirectory;
    this.baseEnvironment = Map.copyOf(baseEnvironment);
    this.tasks = Map.copyOf(tasks);
  }

  Run run(List<Step> steps, Map<String, String> variables) {
    return run(steps, variables, step -> false);
  }

  /**
   * @param agentLostBefore the step before which the agent goes away (the job is never finished: neither that step
   *     nor any later one runs, not even with {@code always()})
   */
  Run run(List<Step> steps, Map<String, String> predefined, Predicate<Step> agentLostBefore) {
    Map<String, String> variables = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    variables.putAll(predefined);
    List<StepRun> runs = new ArrayList<>();
    boolean failed = false;
    boolean lost = false;
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      lost = lost || agentLostBefore.test(step);
      if (lost) {
        runs.add(new StepRun(step, Outcome.NOT_RUN, ""));
        continue;
      }
      if (!shouldRun(step, failed)) {
        runs.add(new StepRun(step, Outcome.SKIPPED, ""));
        continue;
      }
      StepRun run = step.task().isPresent() ? task(step, variables) : bash(i, step, variables);
      runs.add(run);
      failed = failed || run.outcome() == Outcome.FAILED;
    }
    return new Run(List.copyOf(runs), Map.copyOf(variables));
  }

  private static boolean shouldRun(Step step, boolean failed) {
    String condition = step.condition().map(String::strip).orElse("succeeded()");
    return switch (condition) {
      case "succeeded()" -> !failed;
      case "always()" -> true;
      case "failed()" -> failed;
      default -> throw new UnsupportedOperationException("condition not emulated: " + condition);
    };
  }

  private StepRun task(Step step, Map<String, String> variables) {
    String name = step.task().get();
    Function<JsonNode, Map<String, String>> emulation = tasks.get(name);
    if (emulation == null) {
      throw new UnsupportedOperationException("task " + name + " has no emulation in this test");
    }
    try {
      Map<String, String> set = emulation.apply(step.inputs());
      variables.putAll(set);
      return new StepRun(step, Outcome.SUCCEEDED, "emulated " + name + ", set " + set.keySet());
    } catch (RuntimeException e) {
      return new StepRun(step, Outcome.FAILED, "emulated " + name + " failed: " + e.getMessage());
    }
  }

  private StepRun bash(int index, Step step, Map<String, String> variables) {
    try {
      Path script = Files.createTempFile(workDirectory, "step-" + index + "-", ".sh");
      Path log = Files.createTempFile(workDirectory, "step-" + index + "-", ".log");
      Files.writeString(script, macros(step.bash().get(), variables));
      ProcessBuilder builder = new ProcessBuilder("bash", "--noprofile", "--norc", script.toString())
          .directory(workDirectory.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      Map<String, String> env = builder.environment();
      env.clear();
      env.putAll(baseEnvironment);
      variables.forEach((name, value) -> env.put(name.toUpperCase(Locale.ROOT).replace('.', '_'), value));
      step.env().forEach((name, value) -> env.put(name, macros(value, variables)));
      Process process = builder.start();
      if (!process.waitFor(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        return new StepRun(step, Outcome.FAILED, Files.readString(log) + "\n(timed out after "
            + STEP_TIMEOUT_SECONDS + "s)");
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      output.lines().forEach(line -> {
        Matcher set = SET_VARIABLE.matcher(line);
        if (set.find()) {
          variables.put(set.group(1).strip(), set.group(2));
        }
      });
      String ending = process.exitValue() == 0 ? "" : "\n(exit code " + process.exitValue() + ")";
      return new StepRun(step, process.exitValue() == 0 ? Outcome.SUCCEEDED : Outcome.FAILED, output + ending);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Macro syntax: {@code $(name)} of a known variable is replaced; any other is left, as the agent leaves it. */
  private static String macros(String text, Map<String, String> variables) {
    Matcher m = MACRO.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = variables.get(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
