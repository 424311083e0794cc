"""Render an HTML file in headless Chromium and save a PNG screenshot: `python scripts/screenshot.py PAGE.html OUT.png`.

Chromium runs with no network, no sync, no extensions and a throwaway profile, so a page
cannot reach anything; the page's own CSP is the second wall.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BINARIES = ("chromium", "chromium-browser", "google-chrome", "chrome")


def find_chromium() -> str | None:
    """Path of a Chromium (or Chrome) binary on PATH, or None."""
    return next((p for p in map(shutil.which, BINARIES) if p), None)


def chromium(args: list[str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium with a throwaway profile and no background network."""
    binary = find_chromium()
    if binary is None:
        raise SystemExit("chromium not found; install it with `apt-get install -y chromium`")
    with tempfile.TemporaryDirectory(prefix="newsbrief-chromium-") as profile:
        cmd = [
            binary,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-extensions",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            *args,
        ]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)


def screenshot(page: Path, png: Path, size: str = "1400,1000") -> None:
    """Write a screenshot of `page` to `png`."""
    png.parent.mkdir(parents=True, exist_ok=True)
    done = chromium([f"--screenshot={png.resolve()}", f"--window-size={size}", page.resolve().as_uri()])
    if not png.exists():
        raise SystemExit(
            f"chromium wrote no screenshot (exit {done.returncode}): {done.stderr.strip()[-300:]}"
        )


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.splitlines()[0], file=sys.stderr)
        return 2
    screenshot(Path(argv[0]), Path(argv[1]))
    print(argv[1])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
