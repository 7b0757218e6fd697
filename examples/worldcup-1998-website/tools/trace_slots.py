#!/usr/bin/env python3
"""Measure the 1998 World Cup web site trace around every group-stage match slot, and compare a prescale
forecast with it.

    python3 tools/trace_slots.py measure
        per slot: real peak minute (after kickoff), peak rps, in-play rps, 10-90% rise, minutes to halve;
        then the figures the scenario was fitted from (background, surge timing, audience spread, team ratios).

    ../../prescale forecast . --layer web --all-minutes -o csv > /tmp/p90.csv
    ../../prescale forecast . --layer web --all-minutes -o csv --quantile p50 > /tmp/p50.csv
    python3 tools/trace_slots.py compare /tmp/p90.csv [/tmp/p50.csv]
        the README's slot table (markdown) and the error summary.

Plain Python 3, standard library only. Paths are relative to the example folder (this script's parent).
A slot is one kickoff time: the simultaneous final group matches of June 23-26 form one slot. A slot's window
is [kickoff, kickoff + 150 min): it holds the final whistle (about 110 min) and the surge after it, and ends
before the next slot of the day starts its pre-match ramp.
"""
import csv
import datetime as dt
import math
import os
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
TEAM_FACTORS = {"England": 1.8, "France": 0.7, "Denmark": 0.7, "Saudi Arabia": 0.7, "South Africa": 0.7}


def load_trace():
    """requests per minute keyed by UTC minute; missing minutes (a few in May) read as 0."""
    out = {}
    with open(TRACE, newline="") as f:
        for r in csv.DictReader(f):
            out[dt.datetime.strptime(r["minute_utc"], "%Y-%m-%dT%H:%M:%SZ")] = int(r["requests"])
    return out


def group_slots():
    """[(kickoff_utc, [(home, away), ...])] for the group stage, in kickoff order."""
    slots = {}
    with open(SCHEDULE, newline="") as f:
        for r in csv.DictReader(f):
            if r["stage"].startswith("group"):
                k = dt.datetime.strptime(r["kickoff_utc"], "%Y-%m-%d %H:%M")
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


def measure():
    trace = load_trace()
    slots = group_slots()
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

    # Background: weekday group-stage minutes 10:00-22:00 UTC outside every slot's [kickoff-15m, kickoff+150m).
    busy = set()
    for k, _ in slots:
        for o in range(-15, WINDOW):
            busy.add(k + dt.timedelta(minutes=o))
    quiet = []
    day = dt.datetime(1998, 6, 10)
    while day < dt.datetime(1998, 6, 27):
        if day.weekday() < 5:
            for m in range(10 * 60, 22 * 60):
                t = day + dt.timedelta(minutes=m)
                if t not in busy:
                    quiet.append(rps(trace, t))
        day += dt.timedelta(days=1)
    background = st.median(quiet)
    print("background (weekday 10:00-22:00Z outside match windows): median %.0f rps over %d minutes"
          % (background, len(quiet)))

    # Audience: the event part of each weekday peak, split evenly between simultaneous matches.
    per_match = []
    for k, ms in slots:
        if weekend(k):
            continue
        _, v = real_peak(trace, k)
        for m in ms:
            per_match.append((k, m, (v - background) / len(ms)))
    ev = sorted(e for _, _, e in per_match)
    q = lambda p: ev[min(len(ev) - 1, int(p * len(ev)))]
    allm = st.median(ev)
    aft = st.median([e for k, _, e in per_match if k.hour < 18])
    eve = st.median([e for k, _, e in per_match if k.hour >= 18])
    print("weekday event peak per match (peak - background): p10 %.0f, p50 %.0f, p90 %.0f, max %.0f rps (%d matches)"
          % (q(0.1), allm, q(0.9), ev[-1], len(ev)))
    print("  by kickoff: 16:00/17:30 CEST and earlier p50 %.0f rps, 21:00 CEST p50 %.0f rps" % (aft, eve))
    wk = [real_peak(trace, k)[1] for k, _ in slots if weekend(k)]
    print("weekend slots: real peaks %.0f-%.0f rps, median %.0f (background alone is %.0f)"
          % (min(wk), max(wk), st.median(wk), background))
    visitors = sorted(e / RPS_PER_VISITOR / PEAK_LEVEL / max([TEAM_FACTORS[t] for t in m if t in TEAM_FACTORS] or [1])
                      for _, m, e in per_match)
    print("audience base (visitors = event peak / %.1f rps / level %.1f / team factor): p50 %.0f, p90 %.0f"
          % (RPS_PER_VISITOR, PEAK_LEVEL, st.median(visitors), visitors[int(0.9 * len(visitors))]))
    print()
    print("team ratio: event peak / median event peak of the same kickoff hour (weekday matches only)")
    teams = {}
    for k, m, e in per_match:
        for t in m:
            teams.setdefault(t, []).append(e / (aft if k.hour < 18 else eve))
    for t, v in sorted(teams.items(), key=lambda x: -st.mean(x[1])):
        print("  %-14s %s  (geometric mean %.2f)" % (t, " ".join("%.2f" % x for x in v),
                                                      math.exp(st.mean(math.log(x) for x in v))))


def load_forecast(path):
    """minute -> (load rps, planned units) from `prescale forecast -o csv` (layer web)."""
    out = {}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            if r["layer"] == "web":
                t = dt.datetime.strptime(r["minute_utc"], "%Y-%m-%dT%H:%M:%SZ")
                out[t] = (float(r["load"]), int(r["units_planned"]))
    return out


def compare(p90_path, p50_path=None, usable=USABLE_RPS):
    trace = load_trace()
    p90 = load_forecast(p90_path)
    p50 = load_forecast(p50_path) if p50_path else None
    rows = []
    for k, ms in group_slots():
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
    dmin = [abs(fo - rp) for _, _, rp, fo, *_ in rows]
    lined = sum(1 for d in dmin if d <= TOLERANCE)
    print("peak minute: median |error| %.0f min, max %d min; within +-%d min: %d of %d slots"
          % (st.median(dmin), max(dmin), TOLERANCE, lined, len(rows)))
    covered = sum(1 for r in rows if r[8])
    print("real peak covered by planned capacity (x %.0f usable rps): %d of %d slots" % (usable, covered, len(rows)))
    for name, sel in (("all", lambda k: True), ("weekday", lambda k: not weekend(k)), ("weekend", weekend)):
        for q, col in (("P50", 5), ("P90", 6)):
            errs = [(r[col] - r[4]) / r[4] for r in rows if sel(r[0]) and r[col] is not None]
            if errs:
                print("peak rps, %-7s slots (%d), %s forecast: median |error| %.0f%%, max |error| %.0f%%, "
                      "median signed %+.0f%%" % (name, len(errs), q, 100 * st.median(abs(e) for e in errs),
                                                 100 * max(abs(e) for e in errs), 100 * st.median(errs)))
    if p50:
        # The whole curve, not just its peak: every minute of every weekday slot's window.
        errs = []
        for k, _ in group_slots():
            if weekend(k):
                continue
            for o in range(WINDOW):
                t = k + dt.timedelta(minutes=o)
                real = rps(trace, t)
                errs.append(abs(p50[t][0] - real) / real)
        print("every minute of the weekday windows, P50 forecast: median |error| %.0f%%, 90th percentile %.0f%%"
              % (100 * st.median(errs), 100 * sorted(errs)[int(0.9 * len(errs))]))


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "measure":
        measure()
    elif len(sys.argv) >= 3 and sys.argv[1] == "compare":
        compare(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
    else:
        print(__doc__)
        sys.exit(2)
