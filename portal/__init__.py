"""Drives and judges ANY cabinet and gateway of the documented card payment, mock or live.

- `contract`: every label of PROTOCOL.md, once; `reading`, `colours`: what a page's text and
  styles say (amounts, the red asterisk, the light-green page).
- `pages`: one page object per screen, built on the contract; `flow`: the documented payment as
  a list of steps, walked by the regression suite and the docs generator alike.
- `masking`: the one way a picture is taken, with every secret painted over; `steps`: named
  steps with their pictures, for the QA report.
- `conformance`: the catalogue of checks, the walk that judges a portal page by page, the report.
- `target`, `credentials`, `options`, `tls`: what a run is aimed at and how it trusts it.
- `plugin`: the pytest plugin (entry point `portal`); `cli`: `python -m portal check`.
"""
