package dev.lrsweep.worker.model;

import java.io.Serializable;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model of your own as a config names it: the class implementing {@link CustomModel}, the options it is made
 * with, and the labels it declared when it was first loaded (so that files and reports read without its jar).
 *
 * @param name    the class's binary name, {@code com.example.MyNet}
 * @param options the config's {@code model.options}: YAML's numbers, strings, lists and maps
 * @param labels  what its labels are, as the class says
 */
public record CustomClass(String name, Map<String, Object> options, ModelSpec.Labels labels) implements Serializable {

    /** Copies the options, keeping their order. */
    public CustomClass {
        if (name == null || name.isBlank() || labels == null) {
            throw new IllegalArgumentException("a model of your own needs its class's name and labels");
        }
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options == null ? Map.of() : options));
    }

    /**
     * Loads the class {@code name} from the thread's class loader (the jars {@code --jars} brings in), makes one model
     * of {@code options} and records its labels.
     *
     * @throws IllegalArgumentException in one line naming the class: it is missing, does not implement
     *                                  {@link CustomModel}, has no public constructor of the options or of nothing,
     *                                  or throws when made
     */
    public static CustomClass load(String name, Map<String, Object> options) {
        CustomClass loaded = new CustomClass(name, options, ModelSpec.Labels.VALUES);
        CustomModel model = loaded.create();
        ModelSpec.Labels labels;
        try {
            labels = model.labels();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(loaded.failure("labels() threw", e), e);
        }
        if (labels == null) {
            throw new IllegalArgumentException("model.class " + name + ": labels() gave null");
        }
        return new CustomClass(name, options, labels);
    }

    /** A new model of the class, made with the options. */
    public CustomModel create() {
        Class<?> type;
        try {
            type = Class.forName(name, true, classLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("model.class " + name + ": " + (e instanceof ClassNotFoundException
                    ? "no such class on the classpath (give its jar with --jars)" : "cannot load it: " + e), e);
        }
        if (!CustomModel.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException("model.class " + name + ": does not implement "
                    + CustomModel.class.getName());
        }
        if (!Modifier.isPublic(type.getModifiers()) || Modifier.isAbstract(type.getModifiers())) {
            throw new IllegalArgumentException("model.class " + name + ": not a public concrete class");
        }
        try {
            Constructor<?> ofOptions = constructor(type, Map.class);
            Object model = ofOptions != null ? ofOptions.newInstance(options) : noArguments(type).newInstance();
            return (CustomModel) model;
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(failure("its constructor threw", e.getCause()), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("model.class " + name + ": cannot make one: " + e, e);
        }
    }

    /** A line naming the class, what failed and why. */
    String failure(String what, Throwable cause) {
        String message = cause.getMessage() == null ? "" : cause.getMessage().lines().findFirst().orElse("");
        return "model.class " + name + ": " + what + " " + cause.getClass().getSimpleName()
                + (message.isBlank() ? "" : ": " + message);
    }

    private Constructor<?> noArguments(Class<?> type) {
        Constructor<?> none = constructor(type);
        if (none == null) {
            throw new IllegalArgumentException("model.class " + name + ": needs a public constructor taking the "
                    + "options (a Map<String, Object>) or one taking nothing");
        }
        return none;
    }

    private static Constructor<?> constructor(Class<?> type, Class<?>... parameters) {
        try {
            Constructor<?> constructor = type.getConstructor(parameters);
            return Modifier.isPublic(constructor.getModifiers()) ? constructor : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : CustomClass.class.getClassLoader();
    }

    @Override
    public String toString() {
        return name + (options.isEmpty() ? "" : " " + options);
    }
}
