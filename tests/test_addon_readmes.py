"""Each addon's README.rst is assembled from its readme/ fragments."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_readmes_are_up_to_date():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_addon_readme.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr


def test_every_addon_has_its_readme_fragments():
    for manifest in ROOT.glob("addons/*/__manifest__.py"):
        readme = manifest.parent / "readme"
        assert (readme / "DESCRIPTION.md").is_file(), manifest.parent.name
        assert (readme / "CONTRIBUTORS.md").is_file(), manifest.parent.name
