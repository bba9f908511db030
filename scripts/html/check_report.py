#!/usr/bin/env python3
"""Loads `cutline analyze --format html` reports in headless Chromium: fails when the page logs anything to the
console (the page never logs, so any message is an error or an uncaught exception) or when its script did not run
(the graph's viewBox is still the one written by the renderer); optionally writes a screenshot.

usage: check_report.py REPORT.html... [--screenshot-dir DIR] [--height PX]
Chromium: $CHROMIUM, else `chromium` or `chromium-browser` on PATH (Debian: apt-get install chromium).
Exit: 0 all pages clean, 1 a page failed, 3 Chromium not found.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys


def chromium():
    for c in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if c and shutil.which(c):
            return shutil.which(c)
    return None


def run(binary, args, url):
    cmd = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--enable-logging=stderr",
           "--v=0", "--virtual-time-budget=3000", "--no-first-run", "--disable-extensions"] + args + [url]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180)


def check(binary, path, shot_dir, height):
    url = "file://" + os.path.abspath(path)
    problems = []
    dom = run(binary, ["--dump-dom"], url)
    console = [l for l in dom.stderr.splitlines() if ":CONSOLE" in l]
    problems += ["console: " + l for l in console]
    svgs = re.findall(r'<svg class="canvas" data-w="(\d+)" data-h="(\d+)" viewBox="([^"]*)"', dom.stdout)
    if not svgs:
        problems.append("no graph view in the loaded page")
    for w, h, vb in svgs:
        if vb == f"0 0 {w} {h}":
            problems.append("the page script did not run (graph viewBox unchanged)")
    if shot_dir:
        os.makedirs(shot_dir, exist_ok=True)
        png = os.path.join(shot_dir, os.path.splitext(os.path.basename(path))[0] + ".png")
        shot = run(binary, [f"--window-size=1400,{height}", f"--screenshot={os.path.abspath(png)}"], url)
        problems += ["console: " + l for l in shot.stderr.splitlines() if ":CONSOLE" in l]
        if not os.path.exists(png):
            problems.append("no screenshot written")
        else:
            print(f"{path}: screenshot {png}")
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("reports", nargs="+")
    ap.add_argument("--screenshot-dir")
    ap.add_argument("--height", type=int, default=2400)
    args = ap.parse_args()
    binary = chromium()
    if not binary:
        print("check_report: Chromium not found (apt-get install chromium)", file=sys.stderr)
        return 3
    failed = False
    for r in args.reports:
        problems = check(binary, r, args.screenshot_dir, args.height)
        if problems:
            failed = True
            for p in problems:
                print(f"{r}: {p}", file=sys.stderr)
        else:
            print(f"{r}: loads with no console messages")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
