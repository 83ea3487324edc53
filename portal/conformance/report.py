"""The conformance report of a run: HTML (self-contained), JSON and a Markdown summary.

    report = Report(Path("reports/conformance.html"), facts)
    report.add(checks)            # every part of the run, from any process (`add_results`)
    report.write()                # conformance.html, conformance.json, conformance-shots/

The pytest plugin (portal.plugin) and the `check` command both write it this way.
"""

import base64
import html
import json
import shutil
import time
from dataclasses import asdict
from pathlib import Path

from .catalogue import ORDER
from .checks import Checks
from .verdicts import FAIL, PASS, VERDICTS, WARN


class Report:
    """The checks of every part of a run, and the facts of its target (mode, cabinet, amount...)."""

    def __init__(self, html_path: Path, facts: dict):
        self.html_path = Path(html_path)
        self.json_path = self.html_path.with_suffix(".json")
        self.shots_dir = self.html_path.with_name(self.html_path.stem + "-shots")
        self.facts = facts
        self.results: list[dict] = []
        self.shots: dict[str, dict] = {}
        self.started = time.time()

    def add(self, checks: Checks) -> None:
        self.add_results([asdict(result) for result in checks.results], checks.shots)

    def add_results(self, results: list[dict], shots: dict[str, dict]) -> None:
        """Results as dictionaries (an xdist worker's, sent as JSON)."""
        self.results += results
        self.shots.update(shots)

    def as_json(self) -> str:
        return json.dumps({"results": self.results, "shots": self.shots})

    @property
    def failed(self) -> bool:
        return any(result["verdict"] == FAIL for result in self.results)

    def ordered(self) -> list[dict]:
        rank = {check_id: number for number, check_id in enumerate(ORDER)}
        return sorted(self.results, key=lambda result: (rank.get(result["id"], len(rank)), result["id"]))

    def write(self) -> None:
        self.html_path.parent.mkdir(parents=True, exist_ok=True)
        results = self.ordered()
        used = {result["screenshot"] for result in results if result["screenshot"] in self.shots}
        if self.shots_dir.exists():
            shutil.rmtree(self.shots_dir)
        if used:
            self.shots_dir.mkdir(parents=True)
        for shot_id in used:
            (self.shots_dir / f"{shot_id}.jpg").write_bytes(base64.b64decode(self.shots[shot_id]["jpeg"]))
        counts = {verdict: sum(result["verdict"] == verdict for result in results) for verdict in VERDICTS}
        document = {
            "target": dict(self.facts),
            "finished": time.strftime("%Y-%m-%d %H:%M:%S %z"),
            "seconds": round(time.time() - self.started, 1),
            "summary": counts,
            "passed": counts[FAIL] == 0,
            "checks": [
                {
                    **{key: value for key, value in result.items() if key != "screenshot"},
                    "screenshot": (
                        f"{self.shots_dir.name}/{result['screenshot']}.jpg" if result["screenshot"] in used else None
                    ),
                }
                for result in results
            ],
        }
        self.json_path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
        self.html_path.write_text(render_html(document, results, self.shots), encoding="utf-8")


def markdown_summary(results: list[dict]) -> str:
    counts = {verdict: sum(result["verdict"] == verdict for result in results) for verdict in VERDICTS}
    lines = [
        f"**{len(results)} checks: {counts[PASS]} PASS, {counts[WARN]} WARN, {counts[FAIL]} FAIL**",
        "",
        "| verdict | check | expected | actual |",
        "| --- | --- | --- | --- |",
    ]
    for result in results:
        lines.append(
            f"| {result['verdict']} | {_cell(result['id'])} | {_cell(result['expected'], 70)} "
            f"| {_cell(result['actual'], 90)} |"
        )
    return "\n".join(lines)


def _cell(text: str, limit: int = 0) -> str:
    text = " ".join(str(text).split()).replace("|", "\\|")
    return text if not limit or len(text) <= limit else text[: limit - 1] + "…"


_COLOURS = {PASS: "#1e7b34", WARN: "#9a6700", FAIL: "#b3261e"}


def render_html(document: dict, results: list[dict], shots: dict[str, dict]) -> str:
    def esc(value) -> str:
        return html.escape(str(value))

    target = document["target"]
    counts = document["summary"]
    rows = []
    for number, result in enumerate(results, 1):
        shot = result["screenshot"]
        link = f'<a href="#{esc(shot)}">{esc(shots[shot]["title"])}</a>' if shot in shots else "—"
        colour = _COLOURS[result["verdict"]]
        rows.append(
            f'<tr class="{result["verdict"].lower()}"><td>{number}</td>'
            f'<td><b style="color:{colour}">{result["verdict"]}</b></td>'
            f"<td><code>{esc(result['id'])}</code><br><small>{esc(result['title'])}</small></td>"
            f"<td>{esc(result['page'])}</td><td>{esc(result['expected'])}</td><td>{esc(result['actual'])}</td>"
            f"<td>{link}</td></tr>"
        )
    used = [shot for shot in dict.fromkeys(result["screenshot"] for result in results) if shot in shots]
    gallery = "".join(
        f'<figure id="{esc(shot)}"><figcaption>{esc(shots[shot]["title"])} <small>({esc(shot)})</small>'
        f'</figcaption><img alt="{esc(shots[shot]["title"])}" src="data:image/jpeg;base64,{shots[shot]["jpeg"]}">'
        f"</figure>"
        for shot in used
    )
    facts = "".join(f"<li><b>{esc(key)}</b>: {esc(value)}</li>" for key, value in target.items())
    verdict = "conforms" if document["passed"] else "does NOT conform"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Conformance report</title>
<style>
body {{ font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #1d2127; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 1px solid #d0d5dd; padding: .35em .5em; vertical-align: top; text-align: left; }}
th {{ background: #f2f4f7; position: sticky; top: 0; }}
tr.fail td {{ background: #fdeceb; }} tr.warn td {{ background: #fff7e6; }}
figure {{ margin: 1.5em 0; }} figure img {{ max-width: 960px; border: 1px solid #ccc; }}
code {{ font-size: 12px; }}
</style></head><body>
<h1>Conformance to the documented card-payment instruction</h1>
<p>The portal <b>{verdict}</b>: {counts[PASS]} PASS, {counts[WARN]} WARN, {counts[FAIL]} FAIL
(finished {esc(document["finished"])}, {document["seconds"]} s).</p>
<ul>{facts}</ul>
<table><thead><tr><th>#</th><th>verdict</th><th>check</th><th>page</th><th>expected</th><th>actual</th>
<th>screenshot</th></tr></thead><tbody>
{"".join(rows)}
</tbody></table>
<h2>Screenshots</h2>
<p>Password and card fields are painted over in every picture.</p>
{gallery}
</body></html>
"""
