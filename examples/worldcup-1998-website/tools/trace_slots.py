#!/usr/bin/env python3
"""Measure the 1998 World Cup web site trace around every group-stage match slot, fit the scenario's audience
from it, and compare a prescale forecast with it.

    python3 tools/trace_slots.py measure [--until 1998-06-18]
        per slot: real peak minute (after kickoff), peak rps, in-play rps, 10-90% rise, minutes to halve;
        then the figures the scenario was fitted from (background, surge timing, match curve) and the fit of
        audience.yaml: kickoff factors (evening, weekend), team factors and the base P50/P90.
        --until fits on the slots that kick off on or before that date only.

    ../../prescale forecast . --layer web --all-minutes -o csv > /tmp/p90.csv
    ../../prescale forecast . --layer web --all-minutes -o csv --quantile p50 > /tmp/p50.csv
    python3 tools/trace_slots.py compare /tmp/p90.csv [/tmp/p50.csv] [--from 1998-06-19] [--until 1998-06-26]
        the README's slot table (markdown) and the error summary, over the slots kicking off in [from, until].

    python3 tools/trace_slots.py split /tmp/wc98-split [--until 1998-06-18]
        the out-of-sample check: fits the audience (and background) on the slots up to --until only, exactly as
        `measure` does, and writes a copy of the scenario with those values to the given folder. Forecast that
        folder and `compare ... --from <the next day>` to score it on slots it has not seen.

Plain Python 3, standard library only. Paths are relative to the example folder (this script's parent).
A slot is one kickoff time: the simultaneous final group matches of June 23-26 form one slot. A slot's window
is [kickoff, kickoff + 150 min): it holds the final whistle (about 110 min) and the surge after it, and ends
before the next slot of the day starts its pre-match ramp.

How the audience is fitted (`fit`), on the slots chosen:
  background        median rps of the weekday minutes 10:00-22:00 UTC outside every slot's
                    [kickoff - 15 min, kickoff + 150 min) (the weekend one is measured the same way)
  event peak        per match: (slot peak rps - the background of its kind of day) / matches in the slot
  evening factor    median weekday event peak of kickoffs at 20:00 CEST or later / that of earlier kickoffs
  weekend factor    median over weekend matches of event peak / median weekday event peak of the same
                    kickoff hour (afternoon or evening)
  team factors      geometric mean, over the weekday matches of a team group (England; Group C), of
                    event peak / median weekday event peak of the same kickoff hour
  base P50 / P90    of the weekday matches' visitors: event peak / 0.1 rps per visitor / shape level 1.8 /
                    team factor / evening factor (the rounded factors, as the scenario has them)
"""
import csv
import datetime as dt
import math
import os
import shutil
import statistics as st
import sys

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TRACE = os.path.join(HERE, "requests_per_minute_until_1998-06-26.csv")
SCHEDULE = os.path.join(HERE, "schedule.csv")
WINDOW = 150          # minutes after kickoff searched for the slot's peak
TOLERANCE = 10        # minutes: a forecast peak this close to the real one "lines up"
CEST = dt.timedelta(hours=2)
USABLE_RPS = 150 * (1 - 0.20)  # layers.yaml: rpsPerUnit 150rps, headroom 20%
RPS_PER_VISITOR = 0.1          # layers.yaml: per-viewer term, one request every 10 s
PEAK_LEVEL = 1.8               # prescale.yaml shape: 120% x (1 - 10m/40m) post-match + 90% surge, 117 min in
EVENING_FROM = dt.time(20, 0)  # audience.yaml: kickoff factor from 20:00 CEST (the 21:00 kickoffs)
# Teams whose matches drew consistently more or less than the median match of their kickoff hour (weekdays):
# one factor per group, set on each of its teams in audience.yaml.
TEAM_GROUPS = {"England": ["England"], "Group C": ["France", "Denmark", "Saudi Arabia", "South Africa"]}
GROUP_STAGE = (dt.date(1998, 6, 10), dt.date(1998, 6, 26))


def load_trace():
    """requests per minute keyed by UTC minute; missing minutes (a few in May) read as 0."""
    out = {}
    with open(TRACE, newline="") as f:
        for r in csv.DictReader(f):
            out[dt.datetime.strptime(r["minute_utc"], "%Y-%m-%dT%H:%M:%SZ")] = int(r["requests"])
    return out


def group_slots(first=None, last=None):
    """[(kickoff_utc, [(home, away), ...])] for the group stage, in kickoff order; only the slots whose local
    (CEST) kickoff date is in [first, last] when given."""
    slots = {}
    with open(SCHEDULE, newline="") as f:
        for r in csv.DictReader(f):
            if r["stage"].startswith("group"):
                k = dt.datetime.strptime(r["kickoff_utc"], "%Y-%m-%d %H:%M")
                d = (k + CEST).date()
                if (first is None or d >= first) and (last is None or d <= last):
                    slots.setdefault(k, []).append((r["home"], r["away"]))
    return sorted(slots.items())


def rps(trace, t):
    return trace.get(t, 0) / 60.0


def real_peak(trace, kickoff):
    """(minutes after kickoff, rps) of the busiest minute in the slot's window (first one on ties)."""
    best = max(range(WINDOW), key=lambda o: (rps(trace, kickoff + dt.timedelta(minutes=o)), -o))
    return best, rps(trace, kickoff + dt.timedelta(minutes=best))


def label(kickoff, matches):
    local = kickoff + CEST
    return "%s %s" % (local.strftime("%a %d %b %H:%M"), " + ".join("%s-%s" % m for m in matches))


def weekend(kickoff):
    return (kickoff + CEST).weekday() >= 5


def evening(kickoff):
    return (kickoff + CEST).time() >= EVENING_FROM


def hour_name(kickoff):
    return "evening" if evening(kickoff) else "afternoon"


def rounded(x, step):
    return round(x / step) * step


def pct(x):
    return "%.0f%%" % (100 * x)


def team_group(match):
    """The team groups (see TEAM_GROUPS) of a match's teams."""
    return [g for g, teams in TEAM_GROUPS.items() if any(t in teams for t in match)]


def backgrounds(trace, slots, first, last):
    """(weekday, weekend) median rps of the minutes 10:00-22:00 UTC of days in [first, last] outside every
    slot's [kickoff - 15 min, kickoff + 150 min), with the number of minutes each."""
    busy = set()
    for k, _ in slots:
        for o in range(-15, WINDOW):
            busy.add(k + dt.timedelta(minutes=o))
    quiet = {False: [], True: []}
    day = dt.datetime.combine(first, dt.time())
    while day.date() <= last:
        for m in range(10 * 60, 22 * 60):
            t = day + dt.timedelta(minutes=m)
            if t not in busy:
                quiet[day.weekday() >= 5].append(rps(trace, t))
        day += dt.timedelta(days=1)
    return (st.median(quiet[False]), len(quiet[False])), (st.median(quiet[True]), len(quiet[True]))


def fit(trace, first=GROUP_STAGE[0], last=GROUP_STAGE[1], out=print):
    """Fits the audience on the slots whose kickoff date is in [first, last]; prints how, returns the values."""
    slots = group_slots(first, last)
    (bg, nbg), (wbg, nwbg) = backgrounds(trace, slots, first, last)
    out("background (10:00-22:00Z outside match windows, %s to %s): weekdays median %.0f rps over %d minutes, "
        "weekends %.0f rps over %d minutes" % (first, last, bg, nbg, wbg, nwbg))
    # Event peak per match: the slot's peak over the background of its kind of day, split evenly between
    # simultaneous matches.
    per_match = []
    for k, ms in slots:
        _, v = real_peak(trace, k)
        for m in ms:
            per_match.append((k, m, (v - (wbg if weekend(k) else bg)) / len(ms)))
    wd = [(k, m, e) for k, m, e in per_match if not weekend(k)]
    ev = sorted(e for _, _, e in wd)
    q = lambda p: ev[min(len(ev) - 1, int(p * len(ev)))]
    out("weekday event peak per match (peak - background): p10 %.0f, p50 %.0f, p90 %.0f, max %.0f rps (%d matches)"
        % (q(0.1), st.median(ev), q(0.9), ev[-1], len(ev)))
    hour = {h: st.median([e for k, _, e in wd if hour_name(k) == h]) for h in ("afternoon", "evening")}
    evening_raw = hour["evening"] / hour["afternoon"]
    evening_f = rounded(evening_raw, 0.05)
    out("  by kickoff: before 20:00 CEST (14:30, 16:00, 17:30) p50 %.0f rps (%d matches), 21:00 CEST p50 %.0f rps "
        "(%d matches): evening factor %.3f -> %s"
        % (hour["afternoon"], sum(1 for k, _, _ in wd if not evening(k)), hour["evening"],
           sum(1 for k, _, _ in wd if evening(k)), evening_raw, pct(evening_f)))
    we = [(k, m, e / hour[hour_name(k)]) for k, m, e in per_match if weekend(k)]
    if we:
        weekend_raw = st.median(r for _, _, r in we)
        weekend_f = rounded(weekend_raw, 0.05)
        peaks = [real_peak(trace, k)[1] for k, _ in slots if weekend(k)]
        out("weekend slots (%d): real peaks %.0f-%.0f rps, median %.0f; event peak over the weekend background / "
            "weekday median of the same hour: %s; median %.3f -> weekend factor %s"
            % (len(we), min(peaks), max(peaks), st.median(peaks), " ".join("%.2f" % r for _, _, r in we),
               weekend_raw, pct(weekend_f)))
    else:
        weekend_raw, weekend_f = None, None
        out("weekend slots: none in the fit")
    out("team ratio: event peak / median weekday event peak of the same kickoff hour (weekday matches only)")
    teams = {}
    for k, m, e in wd:
        for t in m:
            teams.setdefault(t, []).append(e / hour[hour_name(k)])
    for t, v in sorted(teams.items(), key=lambda x: -st.mean(x[1])):
        out("  %-14s %s  (geometric mean %.2f)" % (t, " ".join("%.2f" % x for x in v),
                                                    math.exp(st.mean(math.log(x) for x in v))))
    team_f = {}
    for g in TEAM_GROUPS:
        rs = [e / hour[hour_name(k)] for k, m, e in wd if g in team_group(m)]
        if rs:
            gm = math.exp(st.mean(math.log(x) for x in rs))
            team_f[g] = rounded(gm, 0.1)
            out("team group %-8s %d weekday matches, ratios %.2f-%.2f, geometric mean %.2f -> factor %.1f"
                % (g, len(rs), min(rs), max(rs), gm, team_f[g]))
    visitors = []
    for k, m, e in wd:
        tf = max([team_f[g] for g in team_group(m) if g in team_f] or [1.0])
        visitors.append(e / RPS_PER_VISITOR / PEAK_LEVEL / tf / (evening_f if evening(k) else 1.0))
    visitors.sort()
    p50, p90 = st.median(visitors), visitors[int(0.9 * len(visitors))]
    out("audience base (visitors = event peak / %.1f rps / level %.1f / team factor / evening factor, %d weekday "
        "matches): p50 %.0f, p90 %.0f -> base {p50: %.1fk, p90: %.1fk}"
        % (RPS_PER_VISITOR, PEAK_LEVEL, len(visitors), p50, p90, rounded(p50, 100) / 1000, rounded(p90, 100) / 1000))
    return {"background": rounded(bg, 10), "weekend_background": wbg, "evening": evening_f, "weekend": weekend_f,
            "teams": team_f, "p50": rounded(p50, 100), "p90": rounded(p90, 100)}


def measure(last=GROUP_STAGE[1]):
    trace = load_trace()
    slots = group_slots(GROUP_STAGE[0], last)
    print("| slot (CEST) | peak min | peak rps | in-play rps | rise 10-90% | to half |")
    print("|---|---:|---:|---:|---:|---:|")
    offsets = []
    rises = []
    halves = []
    for k, ms in slots:
        w = [rps(trace, k + dt.timedelta(minutes=o)) for o in range(WINDOW + 30)]
        pk, v = real_peak(trace, k)
        play = st.median(w[30:100])
        h = v - play
        i10 = next(i for i in range(pk, -1, -1) if w[i] - play < 0.1 * h)
        i90 = next(i for i in range(i10, pk + 1) if w[i] - play >= 0.9 * h)
        half = next((i - pk for i in range(pk, len(w)) if w[i] - play < 0.5 * h), None)
        offsets.append(pk)
        if not weekend(k):
            rises.append(i90 - i10)
            halves.append(half)
        print("| %s | %d | %.0f | %.0f | %d | %s |" % (label(k, ms), pk, v, play, i90 - i10, half))
    print()
    print("peak minute after kickoff: median %.0f, range %d-%d (all %d slots)"
          % (st.median(offsets), min(offsets), max(offsets), len(offsets)))
    print("weekday slots: surge 10-90%% rise median %.0f min, halves again in median %.0f min"
          % (st.median(rises), st.median(halves)))
    # The curve of a match, kickoff-aligned: (rps - pre-kickoff rps) / (in-play rps - pre-kickoff rps), median
    # over weekday slots, so in-play = 1. The shape's levels were read off this.
    curve = {}
    for k, _ in slots:
        if weekend(k):
            continue
        pre = st.median(rps(trace, k + dt.timedelta(minutes=o)) for o in range(-20, -4))
        play = st.median(rps(trace, k + dt.timedelta(minutes=o)) for o in range(30, 100))
        for o in range(-10, WINDOW):
            curve.setdefault(o, []).append((rps(trace, k + dt.timedelta(minutes=o)) - pre) / (play - pre))
    med = {o: st.median(v) for o, v in curve.items()}
    top = max(med, key=med.get)
    print("weekday match curve (in-play = 1): " + " ".join("%d:%.2f" % (o, med[o]) for o in
          (-5, 0, 10, 20, 30, 45, 55, 70, 90, 100, 105, 110, 115, top, 120, 125, 130, 140, 149)))
    print("  peaks at %.2f, %d min after kickoff" % (med[top], top))
    print()
    f = fit(trace, GROUP_STAGE[0], last)
    print()
    print("scenario: layers.yaml background: %drps; audience.yaml %s" % (f["background"], audience_yaml(f, "  ")))


def audience_yaml(f, indent=""):
    teams = ", ".join("%s: %.1f" % (t, f["teams"][g]) for g, ts in TEAM_GROUPS.items() if g in f["teams"]
                      for t in ts)
    lines = ["audience:",
             "  base: {p50: %.1fk, p90: %.1fk}" % (f["p50"] / 1000, f["p90"] / 1000),
             "  teams: {%s}" % teams,
             "  combine: max",
             "  kickoff:"]
    if f["weekend"] is not None:
        lines.append("    - {days: [saturday, sunday], factor: %s}" % pct(f["weekend"]))
    lines.append('    - {from: "%s", to: "24:00", factor: %s}' % (EVENING_FROM.strftime("%H:%M"), pct(f["evening"])))
    return ("\n" + indent).join([""] + lines) if indent else "\n".join(lines) + "\n"


def split(folder, last):
    """Fits on the slots up to `last` and writes that fit as a scenario copy to `folder`."""
    trace = load_trace()
    f = fit(trace, GROUP_STAGE[0], last)
    os.makedirs(folder, exist_ok=True)
    for name in ("prescale.yaml", "schedule.csv"):
        shutil.copy(os.path.join(HERE, name), os.path.join(folder, name))
    with open(os.path.join(HERE, "layers.yaml")) as src:
        layers = src.read().splitlines(keepends=True)
    lines = [i for i, line in enumerate(layers) if line.strip().startswith("background:")]
    if len(lines) != 1:
        sys.exit("layers.yaml: expected one 'background:' line")
    indent = layers[lines[0]][:len(layers[lines[0]]) - len(layers[lines[0]].lstrip())]
    layers[lines[0]] = "%sbackground: %drps   # fitted on %s to %s\n" % (indent, f["background"], GROUP_STAGE[0], last)
    with open(os.path.join(folder, "layers.yaml"), "w") as dst:
        dst.write("".join(layers))
    with open(os.path.join(folder, "audience.yaml"), "w") as dst:
        dst.write("# Fitted by tools/trace_slots.py split on the group-stage slots of %s to %s only.\n"
                  % (GROUP_STAGE[0], last))
        dst.write(audience_yaml(f))
    print()
    print("wrote %s: background %drps;%s" % (folder, f["background"], audience_yaml(f, "  ")))


def load_forecast(path):
    """minute -> (load rps, planned units) from `prescale forecast -o csv` (layer web)."""
    out = {}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            if r["layer"] == "web":
                t = dt.datetime.strptime(r["minute_utc"], "%Y-%m-%dT%H:%M:%SZ")
                out[t] = (float(r["load"]), int(r["units_planned"]))
    return out


def compare(p90_path, p50_path=None, first=GROUP_STAGE[0], last=GROUP_STAGE[1], usable=USABLE_RPS):
    trace = load_trace()
    p90 = load_forecast(p90_path)
    p50 = load_forecast(p50_path) if p50_path else None
    slots = group_slots(first, last)
    rows = []
    for k, ms in slots:
        rp, rv = real_peak(trace, k)
        window = [k + dt.timedelta(minutes=o) for o in range(WINDOW)]
        fo = max(range(WINDOW), key=lambda o: (p90.get(window[o], (0, 0))[0], -o))
        fv = p90[window[fo]][0]
        f50 = max(p50.get(t, (0, 0))[0] for t in window) if p50 else None
        planned = p90[window[rp]][1]
        rows.append((k, ms, rp, fo, rv, f50, fv, planned, planned * usable >= rv))
    print("| slot (CEST) | real peak min | forecast peak min | real peak rps | forecast P50 rps | "
          "forecast P90 rps (planned) | instances at real peak | covered |")
    print("|---|---:|---:|---:|---:|---:|---:|:---:|")
    for k, ms, rp, fo, rv, f50, fv, planned, ok in rows:
        print("| %s | %d | %d | %.0f | %s | %.0f | %d | %s |" % (label(k, ms), rp, fo, rv,
              "%.0f" % f50 if f50 is not None else "", fv, planned, "yes" if ok else "**no**"))
    print()
    print("slots kicking off %s to %s (CEST dates): %d" % (first, last, len(rows)))
    dmin = [abs(fo - rp) for _, _, rp, fo, *_ in rows]
    lined = sum(1 for d in dmin if d <= TOLERANCE)
    print("peak minute: median |error| %.0f min, max %d min; within +-%d min: %d of %d slots"
          % (st.median(dmin), max(dmin), TOLERANCE, lined, len(rows)))
    covered = sum(1 for r in rows if r[8])
    print("real peak covered by planned capacity (x %.0f usable rps): %d of %d slots" % (usable, covered, len(rows)))
    for k, ms, rp, fo, rv, f50, fv, planned, ok in rows:
        if not ok:
            print("  not covered: %s: %.0f rps real, %d x %.0f = %.0f usable rps planned (%d x 150 = %d at full load)"
                  % (label(k, ms), rv, planned, usable, planned * usable, planned, planned * 150))
    for name, sel in (("all", lambda k: True), ("weekday", lambda k: not weekend(k)), ("weekend", weekend)):
        for q, col in (("P50", 5), ("P90", 6)):
            errs = [(r[col] - r[4]) / r[4] for r in rows if sel(r[0]) and r[col] is not None]
            if errs:
                print("peak rps, %-7s slots (%d), %s forecast: median |error| %.0f%%, max |error| %.0f%%, "
                      "median signed %+.0f%%" % (name, len(errs), q, 100 * st.median(abs(e) for e in errs),
                                                 100 * max(abs(e) for e in errs), 100 * st.median(errs)))
    if p50:
        # The whole curve, not just its peak: every minute of every slot's window.
        for name, sel in (("weekday", lambda k: not weekend(k)), ("weekend", weekend)):
            errs = []
            for k, _ in slots:
                if not sel(k):
                    continue
                for o in range(WINDOW):
                    t = k + dt.timedelta(minutes=o)
                    real = rps(trace, t)
                    errs.append(abs(p50[t][0] - real) / real)
            if errs:
                print("every minute of the %s windows, P50 forecast: median |error| %.0f%%, 90th percentile %.0f%%"
                      % (name, 100 * st.median(errs), 100 * sorted(errs)[int(0.9 * len(errs))]))


def option(args, name, default):
    if name in args:
        i = args.index(name)
        value = dt.date.fromisoformat(args[i + 1])
        del args[i:i + 2]
        return value
    return default


if __name__ == "__main__":
    args = sys.argv[1:]
    first = option(args, "--from", GROUP_STAGE[0])
    last = option(args, "--until", None)
    if len(args) == 1 and args[0] == "measure":
        measure(last or GROUP_STAGE[1])
    elif len(args) in (2, 3) and args[0] == "compare":
        compare(args[1], args[2] if len(args) > 2 else None, first, last or GROUP_STAGE[1])
    elif len(args) == 2 and args[0] == "split":
        split(args[1], last or dt.date(1998, 6, 18))
    else:
        print(__doc__)
        sys.exit(2)
