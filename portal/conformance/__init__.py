"""Does a portal match the documented instruction? Every page of the flow, as named checks.

- `catalogue`: every check, declared once (id, title, page, expected, worst verdict).
- `locate`: finding things the way a person does; `traffic`: what the browser sent.
- `walk`: what a walk knows so far; one module per page judges it: `login_page`,
  `cabinet_page`, `payments_page`, `confirmation_page`, `redirect`, `gateway_page`, `logout`,
  `payment`.
- `parts`: the four parts of a run (login page, the way to the gateway, logging out, paying).
- `checks`: recording verdicts with their pictures; `report`: HTML, JSON and Markdown.
"""
