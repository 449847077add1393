package dev.lrsweep.worker.optimizer;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the learning rate changes over a run, computed as PyTorch's scheduler computes it when stepped once after each
 * optimizer step: the rate of update t (t = 0, 1, …) is the scheduler's rate after t calls of {@code step()}. The
 * swept learning rate is the schedule's peak (its {@code lr}, OneCycleLR's {@code max_lr}).
 *
 * <ul>
 *   <li>{@link Constant}: the rate throughout;</li>
 *   <li>{@link Warmup}: {@code LinearLR(start_factor, end_factor=1, total_iters=w)}, then the rate;</li>
 *   <li>{@link Cosine}: {@code CosineAnnealingLR(T_max=budget−w, eta_min=rate·min_factor)}, after a warmup of w
 *       steps by {@code SequentialLR(milestones=[w])} where it has one;</li>
 *   <li>{@link Step}: {@code StepLR(step_size=every, gamma)};</li>
 *   <li>{@link OneCycle}: {@code OneCycleLR(max_lr=rate, total_steps=budget, pct_start, div_factor,
 *       final_div_factor, anneal_strategy, cycle_momentum=False)}.</li>
 * </ul>
 *
 * <p>PyTorch's recursive forms are kept (each rate from the one before, as {@code get_lr()} computes it), so the
 * rates are PyTorch's to the last digit or two, not only to the closed form's. A schedule whose rates depend on the
 * run's length, the {@linkplain #budgetRelative() budget-relative} ones, makes each step budget its own run.
 */
public sealed interface Schedule extends Serializable
        permits Schedule.Constant, Schedule.Warmup, Schedule.Cosine, Schedule.Step, Schedule.OneCycle {

    /** LinearLR's default start factor: PyTorch's 1/3. */
    double WARMUP_START_FACTOR = 1.0 / 3;

    /** The schedule of a constant rate: the default. */
    Schedule CONSTANT = new Constant();

    /** Whether the rates depend on the run's length (its step budget), so that each budget is a run of its own. */
    boolean budgetRelative();

    /** The rates of a run of {@code budget} steps at peak {@code rate}, one step after another. */
    Rates rates(double rate, int budget);

    /**
     * The schedule's name in results and reports, from which {@link #ofLabel} reads it back: {@code constant},
     * {@code warmup(steps=100)}, {@code cosine(warmup_fraction=0.1, min_factor=0.01)}, {@code step(every=30)},
     * {@code one_cycle}, … (arguments at their defaults left out).
     */
    String label();

    /** The rate of each update of one run, in order. */
    interface Rates {
        /** The rate of the next update. */
        double next();
    }

    /** The rate throughout. */
    record Constant() implements Schedule {
        @Override
        public boolean budgetRelative() {
            return false;
        }

        @Override
        public Rates rates(double rate, int budget) {
            return () -> rate;
        }

        @Override
        public String label() {
            return "constant";
        }
    }

    /**
     * A linear warmup from {@code start_factor}·rate to the rate, over a number of steps or a fraction of the budget
     * (⌊fraction·budget⌉ steps, at least 1): {@code LinearLR}. Given as a fraction, it is budget-relative.
     *
     * @param steps       the warmup's steps ({@code total_iters}), or 0 where a fraction is given
     * @param fraction    the warmup's fraction of the budget, or 0 where steps are given
     * @param startFactor the first step's factor of the rate, in (0, 1]
     */
    record Warmup(int steps, double fraction, double startFactor) implements Schedule {
        /** Checks that one of steps and fraction is given, and the factor. */
        public Warmup {
            if ((steps > 0) == (fraction > 0) || steps < 0 || !(fraction >= 0 && fraction <= 1)) {
                throw new IllegalArgumentException("a warmup takes steps (at least 1) or a fraction of the budget "
                        + "(0 < fraction ≤ 1), one of them: steps " + steps + ", fraction " + fraction);
            }
            if (!(startFactor > 0 && startFactor <= 1)) {
                throw new IllegalArgumentException("a warmup's start_factor is in (0, 1], not " + startFactor);
            }
        }

        /** The warmup's steps in a run of {@code budget} steps. */
        public int stepsIn(int budget) {
            return steps > 0 ? steps : (int) Math.max(1, Math.round(fraction * budget));
        }

        @Override
        public boolean budgetRelative() {
            return fraction > 0;
        }

        @Override
        public Rates rates(double rate, int budget) {
            return new LinearRates(rate, startFactor, stepsIn(budget));
        }

        @Override
        public String label() {
            return "warmup(" + arguments() + ")";
        }

        /** Its arguments in a label, the start factor left out at its default. */
        String arguments() {
            return (steps > 0 ? "steps=" + steps : "fraction=" + number(fraction))
                    + (startFactor == WARMUP_START_FACTOR ? "" : ", start_factor=" + number(startFactor));
        }
    }

    /**
     * Cosine annealing from the rate to {@code min_factor}·rate over the budget, after an optional warmup:
     * {@code CosineAnnealingLR}, after {@code LinearLR} by {@code SequentialLR}. Budget-relative.
     *
     * @param warmup    the warmup before the annealing, or null for none
     * @param minFactor the factor of the rate the annealing ends at ({@code eta_min = rate·min_factor}), in [0, 1)
     */
    record Cosine(Warmup warmup, double minFactor) implements Schedule {
        /** Checks the factor. */
        public Cosine {
            if (!(minFactor >= 0 && minFactor < 1)) {
                throw new IllegalArgumentException("a cosine schedule's min_factor is in [0, 1), not " + minFactor);
            }
        }

        @Override
        public boolean budgetRelative() {
            return true;
        }

        @Override
        public Rates rates(double rate, int budget) {
            int warm = warmup == null ? 0 : warmup.stepsIn(budget);
            double floor = rate * minFactor;
            if (warm == 0) {
                return new CosineRates(rate, floor, budget, false);
            }
            LinearRates linear = new LinearRates(rate, warmup.startFactor(), warm);
            // SequentialLR: the warmup's rates up to the milestone, then the annealing started by step(0)
            return new Rates() {
                private int t;
                private CosineRates cosine;

                @Override
                public double next() {
                    if (t++ < warm) {
                        return linear.next();
                    }
                    if (cosine == null) {
                        cosine = new CosineRates(rate, floor, budget - warm, true);
                    }
                    return cosine.next();
                }
            };
        }

        @Override
        public String label() {
            String arguments = (warmup == null ? "" : "warmup_" + warmup.arguments().replace(", start_factor",
                    ", warmup_start_factor")) + (minFactor == 0 ? "" : (warmup == null ? "" : ", ") + "min_factor="
                    + number(minFactor));
            return arguments.isEmpty() ? "cosine" : "cosine(" + arguments + ")";
        }
    }

    /**
     * The rate multiplied by {@code gamma} every {@code every} steps: {@code StepLR}.
     *
     * @param every the steps between decays ({@code step_size}), at least 1
     * @param gamma the factor of each decay, in (0, 1]
     */
    record Step(int every, double gamma) implements Schedule {
        /** PyTorch's default gamma. */
        public static final double GAMMA = 0.1;

        /** Checks the arguments. */
        public Step {
            if (every < 1 || !(gamma > 0 && gamma <= 1)) {
                throw new IllegalArgumentException("a step schedule decays every 1 or more steps by a gamma in (0, 1]: "
                        + "every " + every + ", gamma " + gamma);
            }
        }

        @Override
        public boolean budgetRelative() {
            return false;
        }

        @Override
        public Rates rates(double rate, int budget) {
            return new Rates() {
                private int t = -1;
                private double lr = rate;

                @Override
                public double next() {
                    t++;
                    if (t > 0 && t % every == 0) {
                        lr = lr * gamma;
                    }
                    return lr;
                }
            };
        }

        @Override
        public String label() {
            return "step(every=" + every + (gamma == GAMMA ? "" : ", gamma=" + number(gamma)) + ")";
        }
    }

    /**
     * fastai's and PyTorch's one cycle: from rate/div_factor up to the rate over the first {@code pct_start} of the
     * budget, then down to rate/(div_factor·final_div_factor): {@code OneCycleLR} (two phases, the rate only, no
     * momentum cycling). Budget-relative. A budget of one step takes OneCycleLR's one rate then, the lowest.
     *
     * @param pctStart       the share of the budget spent rising, in [0, 1]
     * @param divFactor      the start rate is the rate over it (&gt; 0)
     * @param finalDivFactor the end rate is the start rate over it (&gt; 0)
     * @param cosine         cosine annealing ({@code anneal_strategy='cos'}), else linear
     */
    record OneCycle(double pctStart, double divFactor, double finalDivFactor, boolean cosine) implements Schedule {
        /** PyTorch's defaults. */
        public static final double PCT_START = 0.3;
        public static final double DIV_FACTOR = 25;
        public static final double FINAL_DIV_FACTOR = 1e4;

        /** Checks the arguments. */
        public OneCycle {
            if (!(pctStart >= 0 && pctStart <= 1) || !(divFactor > 0) || !(finalDivFactor > 0)
                    || !Double.isFinite(divFactor) || !Double.isFinite(finalDivFactor)) {
                throw new IllegalArgumentException("one_cycle takes pct_start in [0, 1] and positive div factors: "
                        + pctStart + ", " + divFactor + ", " + finalDivFactor);
            }
        }

        @Override
        public boolean budgetRelative() {
            return true;
        }

        @Override
        public Rates rates(double rate, int budget) {
            double initial = rate / divFactor;
            double min = initial / finalDivFactor;
            double risen = pctStart * budget - 1;
            double[] ends = {risen, budget - 1};
            double[][] phases = {{initial, rate}, {rate, min}};
            return new Rates() {
                private int t;

                @Override
                public double next() {
                    int step = t++;
                    double start = 0;
                    for (int i = 0; i < ends.length; i++) {
                        if (step <= ends[i] || i == ends.length - 1) {
                            double pct = (step - start) / (ends[i] - start);
                            return anneal(phases[i][0], phases[i][1], pct);
                        }
                        start = ends[i];
                    }
                    throw new IllegalStateException("unreachable");
                }
            };
        }

        private double anneal(double from, double to, double pct) {
            if (cosine) {
                double cosOut = Math.cos(Math.PI * pct) + 1;
                return to + (from - to) / 2.0 * cosOut;
            }
            return (to - from) * pct + from;
        }

        @Override
        public String label() {
            StringBuilder arguments = new StringBuilder();
            if (pctStart != PCT_START) {
                arguments.append(", pct_start=").append(number(pctStart));
            }
            if (divFactor != DIV_FACTOR) {
                arguments.append(", div_factor=").append(number(divFactor));
            }
            if (finalDivFactor != FINAL_DIV_FACTOR) {
                arguments.append(", final_div_factor=").append(number(finalDivFactor));
            }
            if (!cosine) {
                arguments.append(", anneal=linear");
            }
            return arguments.isEmpty() ? "one_cycle" : "one_cycle(" + arguments.substring(2) + ")";
        }
    }

    /** LinearLR's recursive rates, from start_factor·rate to the rate over {@code total} steps, then the last. */
    final class LinearRates implements Rates {
        private final double startFactor;
        private final int total;
        private double lr;
        private int t = -1;

        LinearRates(double rate, double startFactor, int total) {
            this.startFactor = startFactor;
            this.total = total;
            lr = rate;
        }

        @Override
        public double next() {
            t++;
            if (t == 0) {
                lr = lr * startFactor;
            } else if (t <= total) {
                lr = lr * (1. + (1.0 - startFactor) / (total * startFactor + (t - 1) * (1.0 - startFactor)));
            }
            return lr;
        }
    }

    /**
     * CosineAnnealingLR's recursive rates from the rate to {@code floor} over {@code period} steps; {@code restarted}
     * where SequentialLR starts it at its milestone by {@code step(0)}, whose first rate is the closed form's.
     */
    final class CosineRates implements Rates {
        private final double base;
        private final double floor;
        private final int period;
        private final boolean restarted;
        private double lr;
        private int t = -1;

        CosineRates(double rate, double floor, int period, boolean restarted) {
            this.base = rate;
            this.floor = floor;
            this.period = period;
            this.restarted = restarted;
            lr = rate;
        }

        @Override
        public double next() {
            t++;
            if (t == 0) {
                if (restarted) {
                    lr = floor + (base - floor) * (1 + Math.cos(Math.PI * t / period)) / 2;
                }
            } else if (Math.floorMod(t - 1 - period, 2 * period) == 0) {
                lr = lr + (base - floor) * (1 - Math.cos(Math.PI / period)) / 2;
            } else {
                lr = (1 + Math.cos(Math.PI * t / period)) / (1 + Math.cos(Math.PI * (t - 1) / period)) * (lr - floor)
                        + floor;
            }
            return lr;
        }
    }

    /**
     * The schedule a {@link #label} names.
     *
     * @throws IllegalArgumentException for text that is no schedule's label
     */
    static Schedule ofLabel(String label) {
        Matcher matcher = Pattern.compile("([a-z_]+)(?:\\((.*)\\))?").matcher(label);
        if (matcher.matches()) {
            Map<String, String> arguments = new LinkedHashMap<>();
            if (matcher.group(2) != null) {
                for (String argument : matcher.group(2).split(", ", -1)) {
                    String[] pair = argument.split("=", 2);
                    if (pair.length == 2) {
                        arguments.put(pair[0], pair[1]);
                    }
                }
            }
            try {
                Schedule schedule = of(matcher.group(1), arguments);
                if (schedule.label().equals(label)) {
                    return schedule;
                }
            } catch (IllegalArgumentException e) {
                // not a kind, not a number, or out of range: not a label
            }
        }
        throw new IllegalArgumentException("'" + label + "' is not a schedule (constant, warmup(steps=100), "
                + "cosine, step(every=30), one_cycle, …)");
    }

    private static Schedule of(String kind, Map<String, String> arguments) {
        Map<String, String> left = new LinkedHashMap<>(arguments);
        Schedule schedule = switch (kind) {
            case "constant" -> CONSTANT;
            case "warmup" -> warmup(left, "");
            case "cosine" -> new Cosine(left.containsKey("warmup_steps") || left.containsKey("warmup_fraction")
                    ? warmup(left, "warmup_") : null, number(left.remove("min_factor"), 0));
            case "step" -> new Step((int) number(left.remove("every"), 0), number(left.remove("gamma"), Step.GAMMA));
            case "one_cycle" -> new OneCycle(number(left.remove("pct_start"), OneCycle.PCT_START),
                    number(left.remove("div_factor"), OneCycle.DIV_FACTOR),
                    number(left.remove("final_div_factor"), OneCycle.FINAL_DIV_FACTOR),
                    !"linear".equals(left.remove("anneal")));
            default -> throw new IllegalArgumentException(kind);
        };
        if (!left.isEmpty()) {
            throw new IllegalArgumentException(left.toString());
        }
        return schedule;
    }

    private static Warmup warmup(Map<String, String> arguments, String prefix) {
        return new Warmup((int) number(arguments.remove(prefix + "steps"), 0),
                number(arguments.remove(prefix + "fraction"), 0),
                number(arguments.remove(prefix + "start_factor"), WARMUP_START_FACTOR));
    }

    private static double number(String text, double absent) {
        return text == null ? absent : Double.parseDouble(text);
    }

    /** A number as Java writes it, shorter: 0.1, 1e-4, 30. */
    private static String number(double value) {
        String written = Double.toString(value).replace(".0E", "E").replace('E', 'e');
        return (written.endsWith(".0") ? written.substring(0, written.length() - 2) : written)
                .toLowerCase(Locale.ROOT);
    }
}
