"""python -m docsgen: regenerate the illustrated instruction in docs/ (see docsgen.build)."""

import argparse
import sys
from pathlib import Path

from .build import DocsError, Paths, build
from .capture import CaptureError
from .template import TemplateError


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m docsgen", description=__doc__)
    parser.add_argument("--docs", default="docs", help="the docs folder (sources in its source/)")
    parser.add_argument("--reports", default="reports", help="where the change report goes")
    args = parser.parse_args(argv)
    try:
        build(Paths(Path(args.docs), Path(args.reports)))
    except (TemplateError, DocsError, CaptureError) as problem:
        print(f"docs: {problem}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
