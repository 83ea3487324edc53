"""The illustrated instruction, generated from the verified flow (`make docs`).

- `template`: the docs team's source files (docs/source/*.md) and their step sections.
- `capture`: walks the documented flow in Chromium, one edition (viewport) at a time.
- `annotate`: draws the outline, the numbered badge and the callout onto a screenshot.
- `render`: Markdown, self-contained HTML and PDF of an edition.
- `review`: compares new images with those in docs/ and writes the change report.
- `build`: all of it, in order; `python -m docsgen` runs it.
"""

import sys
from pathlib import Path

# The flow and its page objects live with the regression tests (tests/e2e), one copy for both:
# make the repository's root importable however docsgen is started.
_ROOT = str(Path(__file__).resolve().parents[1])
if _ROOT not in sys.path:
    sys.path.append(_ROOT)
