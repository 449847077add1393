package dev.lrsweep.worker.optimizer;

/**
 * PyTorch's schedules in closed form, written out by hand from {@code torch.optim.lr_scheduler}'s
 * {@code _get_closed_form_lr} (LinearLR, CosineAnnealingLR, StepLR) and OneCycleLR's {@code get_lr}: the rate of
 * update t of a run of {@code budget} steps at peak {@code rate}. Independent of {@link Schedule}'s recursive forms.
 */
public final class ReferenceSchedules {
    private ReferenceSchedules() {
    }

    /** The rate of update {@code t}. */
    public static double rate(Schedule schedule, double rate, int budget, int t) {
        if (schedule instanceof Schedule.Warmup warmup) {
            return linear(rate, warmup.startFactor(), warmup.stepsIn(budget), t);
        }
        if (schedule instanceof Schedule.Cosine cosine) {
            int w = cosine.warmup() == null ? 0 : cosine.warmup().stepsIn(budget);
            if (t < w) {
                return linear(rate, cosine.warmup().startFactor(), w, t);
            }
            double floor = rate * cosine.minFactor();
            return floor + (rate - floor) * (1 + Math.cos(Math.PI * (t - w) / (budget - w))) / 2;
        }
        if (schedule instanceof Schedule.Step step) {
            return rate * Math.pow(step.gamma(), t / step.every());
        }
        if (schedule instanceof Schedule.OneCycle cycle) {
            double initial = rate / cycle.divFactor();
            double min = initial / cycle.finalDivFactor();
            double peakStep = cycle.pctStart() * budget - 1;
            boolean rising = t <= peakStep;
            double from = rising ? initial : rate;
            double to = rising ? rate : min;
            double pct = rising ? t / peakStep : (t - peakStep) / (budget - 1 - peakStep);
            return cycle.cosine() ? to + (from - to) / 2 * (Math.cos(Math.PI * pct) + 1) : (to - from) * pct + from;
        }
        return rate;
    }

    /** LinearLR's closed form: start_factor·rate rising linearly to the rate at step {@code total}, then the rate. */
    private static double linear(double rate, double startFactor, int total, int t) {
        return rate * (startFactor + (1 - startFactor) * Math.min(total, t) / total);
    }
}
