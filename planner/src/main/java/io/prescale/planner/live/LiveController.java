package io.prescale.planner.live;

import io.prescale.planner.model.StandardNormal;
import io.prescale.planner.sizing.CapacitySizer;
import java.util.Objects;

/**
 * The closed loop for one layer, one tick per minute. At minute {@code t} it sees the load up to
 * {@code t - sourceDelay} and nothing later. Model: load = b + k x shape, where shape is the median forecast's event
 * load (so k is the audience against the median estimate) and b the background. Both have Gaussian priors, k's
 * from the plan's audience distribution and b's wide around the forecast background, and are updated by the
 * observed minutes, each weighted by its age ({@link LiveSettings#memory()}) and counted as a fraction of an
 * independent observation ({@link LiveSettings#correlation()}); early in an event the shape is small, so the data
 * say little about k and the prior dominates. The re-forecast is the posterior over the rest of the event with the
 * same shape; the capacity covers its upper quantile, each minute's noise included, at every minute of the layer's
 * scale-up horizon (warm-up, lead time, the source's delay and one tick): the buffer is the largest rise the shape
 * allows in that time at the posterior audience.
 * <p>
 * A ladder: until the latest possible whistle plus cool-down capacity only rises; in the post-match tail it follows
 * the re-forecast down, one cool-down after the need fell, never below the saved plan. When the source is stale the
 * level and the plan are kept and nothing is raised from data.
 */
public final class LiveController {
    private static final int LOOKBACK_MEMORIES = 3;

    private final LiveLayer layer;
    private final LiveSettings settings;
    private final double z;
    private final double zSurge;
    private final int delay;
    private final int stale;
    private final int horizon;
    private final int cool;
    private final double memory;
    /** Targets of the last cool-down minutes, for the tail's descent (ring buffer). */
    private final int[] recent;
    private int level;
    private final SurgeLearner surges;
    /** Whistles (grid minutes) already learned from, so each counts once however many events share it. */
    private final java.util.Set<Integer> learned = new java.util.HashSet<>();

    public LiveController(LiveLayer layer, LiveSettings settings) {
        this(layer, settings, java.time.Duration.ZERO);
    }

    /**
     * A controller looking {@code extraLead} further ahead than the layer's own scale-up time: the units the layer
     * will need by the time capacity requested now behind it (nodes for its pods) has booted.
     */
    public LiveController(LiveLayer layer, LiveSettings settings, java.time.Duration extraLead) {
        this.layer = Objects.requireNonNull(layer, "layer");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.z = StandardNormal.quantile(settings.quantile());
        this.zSurge = StandardNormal.quantile(Math.max(settings.quantile(), settings.surgeQuantile()));
        this.delay = LiveLayer.minutes(settings.sourceDelay().toSeconds());
        this.stale = LiveLayer.minutes(settings.staleAfter().toSeconds());
        this.horizon = LiveLayer.minutes(layer.layer().totalLead().plus(extraLead).toSeconds()) + delay + 1;
        this.cool = Math.max(1, LiveLayer.minutes(layer.layer().cooldown().toSeconds()));
        this.memory = settings.memory().toSeconds() / 60.0;
        this.recent = new int[cool];
        this.surges = new SurgeLearner(layer.shapeSurge());
    }

    /**
     * Learns final-whistle surges from load recorded before the grid (a source's history, or the part of a trace
     * before the plan): {@code load} per minute from epoch minute {@code startMinute}, whistles as epoch minutes.
     */
    public void learnHistory(double[] load, long startMinute, java.util.Collection<Long> whistleMinutes) {
        java.util.Set<Long> seenWhistles = new java.util.TreeSet<>(whistleMinutes);
        for (long w : seenWhistles) {
            long idx = w - startMinute;
            long g = w - layer.gridStart();
            if (idx < 0 || idx >= load.length) {
                continue;
            }
            // a whistle on the grid counts once, whether learned here or from the samples a tick sees
            if (g < 0 || g >= Integer.MAX_VALUE || learned.add((int) g)) {
                surges.learn(load, (int) idx);
            }
        }
    }

    /** Whistles learned so far (history and this run). */
    public int surgesLearned() {
        return surges.events();
    }

    public LiveLayer layer() {
        return layer;
    }

    /**
     * Decide at grid minute {@code t}.
     *
     * @param observed load per grid minute; NaN where there is no sample. Only indexes before
     *                 {@code t - sourceDelay + 1} are read.
     */
    public Decision tick(int t, double[] observed) {
        int n = layer.length();
        if (t < 0 || t >= n) {
            throw new IllegalArgumentException("minute " + t + " outside the grid of " + n);
        }
        int floor = layer.floor()[t];
        if (!layer.active()[t]) {
            level = 0;
            java.util.Arrays.fill(recent, 0);
            return new Decision(t, t - delay + 1, Double.NaN, expected(t), 1, 0, layer.background(), 0, 0, floor,
                    Decision.State.IDLE, "no event on the layer may be live: the plan decides");
        }
        int seen = Math.min(t - delay + 1, observed.length);
        int newest = -1;
        for (int j = seen - 1; j >= Math.max(0, seen - stale); j--) {
            if (valid(observed[j])) {
                newest = j;
                break;
            }
        }
        if (newest < 0) {
            int units = Math.max(level, floor);
            level = units;
            return new Decision(t, seen, Double.NaN, expected(Math.max(0, seen - 1)), 1, 0, layer.background(), 0,
                    0, units, Decision.State.STALE, "no sample in the last " + stale + " min up to " + delay
                    + " min ago: keeping " + units + " (the plan's capacity or the ladder's level)");
        }
        int to = Math.min(n, t + horizon + 1);
        for (LiveLayer.EventLoad e : layer.events()) {
            if (e.whistle() + SurgeLearner.WINDOW <= seen && learned.add(e.whistle())) {
                surges.learn(observed, e.whistle());
            }
        }
        Posterior p = fit(observed, seen, t, to);
        // Anchored on what is seen now: the load just observed plus the rise the posterior still expects (or, once
        // the event carries the load, the same relative rise), so a re-forecast never starts below reality.
        double now = recentLevel(observed, seen);
        int last = Math.max(0, seen - 1);
        double meanNow = p.mean(last);
        double eventNow = p.eventLoad(last);
        double bgNow = p.b() * p.rel(last);
        double peak = 0;
        for (int i = t; i < to; i++) {
            double upper = p.mean(i) + z * p.sd(i);
            double rise = p.mean(i) - meanNow;
            double anchored = now + rise;
            if (eventNow > 0.25 * bgNow) {
                anchored = Math.max(anchored, p.b() * p.rel(i) + (now - bgNow) * p.eventLoad(i) / eventNow);
            }
            peak = Math.max(peak, Math.max(upper, anchored * (1 + z * p.noise())));
        }
        // The final whistle: its surge comes faster than any reaction, so the largest surge expected (learned from
        // the whistles seen so far) is held above the level from a scale-up time before the whistle to its end.
        double surge = 0;
        for (LiveLayer.EventLoad e : layer.events()) {
            int w = e.whistle();
            if (w <= t + horizon && t < w + SurgeLearner.WINDOW && e.at(w - SurgeLearner.LEVEL_TO) > 0) {
                if (surge == 0) {
                    surge = surges.upper(zSurge);
                }
                // the level the surge rises from: before the whistle, what is seen now or the re-forecast at the
                // whistle; once the whistle is seen, the level seen just before it (not the surge itself)
                double levelAtWhistle = seen <= w - SurgeLearner.LEVEL_TO
                        ? Math.max(now, p.mean(Math.min(n - 1, w - SurgeLearner.LEVEL_TO)))
                        : seenLevelBefore(observed, w, p.mean(Math.min(n - 1, w - SurgeLearner.LEVEL_TO)));
                peak = Math.max(peak, levelAtWhistle * (1 + surge));
            }
        }
        int target = CapacitySizer.bounded(layer.layer(), peak);
        Decision.State state;
        int before = Math.max(level, floor);
        int units;
        if (layer.hold()[t]) {
            level = Math.max(level, target);
            java.util.Arrays.fill(recent, level);
            units = Math.max(level, floor);
            state = units > before ? Decision.State.RAISE : Decision.State.HOLD;
        } else {
            recent[t % cool] = target;
            int keep = target;
            for (int v : recent) {
                keep = Math.max(keep, v);
            }
            level = keep;
            units = Math.max(level, floor);
            state = units > before ? Decision.State.RAISE : units < before ? Decision.State.LOWER : Decision.State.HOLD;
        }
        double[] k = p.scaleAt(Math.min(n - 1, t));
        String reason = "seen %.0f at -%d min (forecast %.0f): audience x%.2f ±%.2f, background %.0f; re-forecast P%d peak %.0f over the next %d min needs %d; plan %d"
                .formatted(observed[newest], t - newest, expected(newest), k[0], k[1], p.b(),
                        Math.round(settings.quantile() * 100), peak, horizon, target, floor);
        return new Decision(t, seen, observed[newest], expected(newest), k[0], k[1], p.b(), peak, target,
                units, state, reason);
    }

    /** The mean load seen in the minutes before a whistle, or {@code otherwise} when none was seen. */
    private static double seenLevelBefore(double[] observed, int whistle, double otherwise) {
        double sum = 0;
        int count = 0;
        for (int j = Math.max(0, whistle - SurgeLearner.LEVEL_FROM); j < whistle - SurgeLearner.LEVEL_TO; j++) {
            if (j < observed.length && valid(observed[j])) {
                sum += observed[j];
                count++;
            }
        }
        return count == 0 ? otherwise : sum / count;
    }

    /** The mean of the valid samples among the last three seen (one noisy minute neither leads nor hides). */
    private static double recentLevel(double[] observed, int seen) {
        double sum = 0;
        int count = 0;
        for (int j = seen - 1; j >= Math.max(0, seen - 3); j--) {
            if (valid(observed[j])) {
                sum += observed[j];
                count++;
            }
        }
        return count == 0 ? 0 : sum / count;
    }

    private double expected(int i) {
        return layer.backgroundAt(i) + layer.shape()[Math.max(0, Math.min(layer.length() - 1, i))];
    }

    /** A sample the model may use: finite, not negative. Absurd highs are the caller's to drop (see sources). */
    static boolean valid(double v) {
        return Double.isFinite(v) && v >= 0;
    }

    /**
     * The posterior of (b, k_1..k_p) from the priors and the samples before {@code seen}: b the background, k_e the
     * audience scale of each event whose load reaches the samples or the horizon ({@code to}).
     */
    private Posterior fit(double[] observed, int seen, int t, int to) {
        double bg = layer.background();
        int from = Math.max(0, seen - (int) Math.ceil(LOOKBACK_MEMORIES * memory));
        java.util.List<LiveLayer.EventLoad> evs = new java.util.ArrayList<>();
        for (LiveLayer.EventLoad e : layer.events()) {
            if (e.start() < to && e.end() > from) {
                evs.add(e);
            }
        }
        int p = evs.size() + 1;
        double[][] a = new double[p][p];
        double[] c = new double[p];
        double sb = Math.max(1, 0.5 * bg);
        a[0][0] = 1 / (sb * sb);
        c[0] = bg * a[0][0];
        for (int e = 0; e < evs.size(); e++) {
            double sk = Math.max(0.05, evs.get(e).sigma());
            a[e + 1][e + 1] = 1 / (sk * sk);
            c[e + 1] = a[e + 1][e + 1];
        }
        double rho = settings.minuteNoise();
        double[] x = new double[p];
        x[0] = 1;
        for (int j = from; j < seen; j++) {
            double y = observed[j];
            if (!valid(y)) {
                continue;
            }
            x[0] = layer.relativeBackground(j);
            double level = bg * x[0];
            for (int e = 0; e < evs.size(); e++) {
                x[e + 1] = evs.get(e).at(j);
                level += x[e + 1];
            }
            double w = Math.exp(-(seen - 1 - j) / memory) / settings.correlation();
            double scale = rho * level + 1;
            double prec = w / (scale * scale);
            for (int r = 0; r < p; r++) {
                if (x[r] == 0) {
                    continue;
                }
                c[r] += prec * x[r] * y;
                for (int q = 0; q < p; q++) {
                    a[r][q] += prec * x[r] * x[q];
                }
            }
        }
        double[][] cov = io.prescale.planner.stats.Matrices.invert(a);
        double[] theta = new double[p];
        for (int r = 0; r < p; r++) {
            for (int q = 0; q < p; q++) {
                theta[r] += cov[r][q] * c[q];
            }
        }
        Posterior post = new Posterior(evs, theta, cov, rho, layer);
        // the residual spread, relative to the level, widens the per-minute noise when the model fits worse
        double sw = 0;
        double sr = 0;
        for (int j = from; j < seen; j++) {
            double y = observed[j];
            if (!valid(y)) {
                continue;
            }
            double w = Math.exp(-(seen - 1 - j) / memory);
            double fit = Math.max(1, post.mean(j));
            double r = (y - fit) / fit;
            sw += w;
            sr += w * r * r;
        }
        double noise = sw > 0 ? Math.max(rho, Math.sqrt(sr / sw)) : rho;
        return new Posterior(evs, theta, cov, noise, layer);
    }


    /** The posterior: theta = (b, k_1..k_p) with covariance cov; noise is one minute's relative spread. */
    private record Posterior(java.util.List<LiveLayer.EventLoad> events, double[] theta, double[][] cov,
                             double noise, LiveLayer layer) {
        /** The background level the profile is relative to. */
        double b() {
            return Math.max(0, theta[0]);
        }

        double rel(int i) {
            return layer.relativeBackground(i);
        }

        double eventLoad(int i) {
            double s = 0;
            for (int e = 0; e < events.size(); e++) {
                s += Math.max(0, theta[e + 1]) * events.get(e).at(i);
            }
            return s;
        }

        double mean(int i) {
            return b() * rel(i) + eventLoad(i);
        }

        double sd(int i) {
            int p = theta.length;
            double[] x = new double[p];
            x[0] = rel(i);
            for (int e = 0; e < events.size(); e++) {
                x[e + 1] = events.get(e).at(i);
            }
            double var = 0;
            for (int r = 0; r < p; r++) {
                if (x[r] == 0) {
                    continue;
                }
                for (int q = 0; q < p; q++) {
                    var += x[r] * cov[r][q] * x[q];
                }
            }
            double mean = mean(i);
            return Math.sqrt(Math.max(0, var) + Math.pow(noise * mean, 2));
        }

        /** The audience scale of the event loading minute i most, and its standard deviation (1, 0 if none). */
        double[] scaleAt(int i) {
            int best = -1;
            double top = 0;
            for (int e = 0; e < events.size(); e++) {
                if (events.get(e).at(i) > top) {
                    top = events.get(e).at(i);
                    best = e;
                }
            }
            return best < 0 ? new double[] {1, 0} : new double[] {theta[best + 1], Math.sqrt(Math.max(0, cov[best + 1][best + 1]))};
        }
    }
}
