"""The illustrated instruction, generated from the verified flow (`make docs`).

- `template`: the docs team's source files (docs/source/*.md) and their step sections.
- `capture`: walks the documented flow in Chromium, one edition (viewport) at a time.
- `annotate`: draws the outline, the numbered badge and the callout onto a screenshot.
- `render`: Markdown, self-contained HTML and PDF of an edition.
- `review`: compares new images with those in docs/ and writes the change report.
- `build`: all of it, in order; `python -m docsgen` runs it.

The flow it walks and its page objects are the portal driver's (portal.flow), the very ones the
regression suite walks.
"""
