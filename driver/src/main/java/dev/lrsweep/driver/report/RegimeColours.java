package dev.lrsweep.driver.report;

import dev.lrsweep.driver.analysis.Regime;
import java.awt.Color;

/** One colour per regime, the same in every chart and in the table. */
final class RegimeColours {
    private RegimeColours() {
    }

    static Color of(Regime regime) {
        return switch (regime) {
            case UNDERSHOOT -> new Color(0x4C78A8);
            case CONVERGED -> new Color(0x54A24B);
            case CONVERGED_AFTER_SPIKE -> new Color(0x88D27A);
            case OSCILLATING -> new Color(0xF58518);
            case UNSTABLE -> new Color(0xB279A2);
            case STALLED -> new Color(0x9D755D);
            case DIVERGED -> new Color(0xE45756);
            case FAILED -> new Color(0x7F7F7F);
        };
    }

    /** The colour as CSS hex, e.g. {@code #54a24b}. */
    static String css(Regime regime) {
        return String.format("#%06x", of(regime).getRGB() & 0xFFFFFF);
    }
}
