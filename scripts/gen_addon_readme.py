"""Assemble each addon's README.rst from its readme/ fragments (OCA layout).

Usage: python3 scripts/gen_addon_readme.py [--check]
With --check, exits 1 (listing the addons) when a README.rst is out of date.
"""

import ast
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SECTIONS = [
    ("DESCRIPTION", None),
    ("CONFIGURE", "Configuration"),
    ("USAGE", "Usage"),
    ("CONTRIBUTORS", "Contributors"),
]


def render(addon):
    manifest = ast.literal_eval(
        (addon / "__manifest__.py").read_text().split("\n", 2)[2]
    )
    title = manifest["name"]
    parts = ["=" * len(title), title, "=" * len(title), "", manifest["summary"], ""]
    for fragment, heading in SECTIONS:
        path = addon / "readme" / f"{fragment}.md"
        if not path.exists():
            continue
        if heading:
            parts += [heading, "=" * len(heading), ""]
        parts += [path.read_text().strip(), ""]
    parts += ["This file is assembled from the fragments in ``readme/``.", ""]
    return "\n".join(parts)


def main(argv):
    check = "--check" in argv
    stale = []
    for manifest in sorted(ROOT.glob("addons/*/__manifest__.py")):
        addon = manifest.parent
        text = render(addon)
        target = addon / "README.rst"
        if not target.exists() or target.read_text() != text:
            stale.append(addon.name)
            if not check:
                target.write_text(text)
    if check and stale:
        sys.stderr.write(
            "README.rst out of date (run scripts/gen_addon_readme.py): "
            + ", ".join(stale)
            + "\n"
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
