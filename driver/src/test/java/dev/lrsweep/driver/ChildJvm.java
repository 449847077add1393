package dev.lrsweep.driver;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Commands for JVMs that tests start beside themselves, with this test JVM's flags (Spark's module options among them). */
final class ChildJvm {
    private ChildJvm() {
    }

    /** This JVM's flags, less its agents and its heap size; a child gets 1 GB of heap. */
    static List<String> flags() {
        return flags("1g");
    }

    /** This JVM's flags, less its agents, with a heap of {@code heap} ({@code -Xmx} syntax). */
    static List<String> flags(String heap) {
        List<String> flags = new ArrayList<>(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(arg -> !arg.startsWith("-agentlib") && !arg.startsWith("-javaagent") && !arg.startsWith("-Xmx"))
                .toList());
        flags.add("-Xmx" + heap);
        return flags;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code java <flags> -cp <classpath> <main class> <arguments>}, with 1 GB of heap. */
    static List<String> command(String classpath, String mainClass, List<String> arguments) {
        return command("1g", classpath, mainClass, arguments);
    }

    /** {@code java <flags> -Xmx<heap> -cp <classpath> <main class> <arguments>}. */
    static List<String> command(String heap, String classpath, String mainClass, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(flags(heap));
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(arguments);
        return command;
    }
}
