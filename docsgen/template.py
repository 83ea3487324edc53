"""The docs team's source: Markdown with one marker per step of the flow.

    <!-- step: 02-login -->
    ### 2. Вход в личный кабинет
    В открывшемся окне введите **Ваш логин** … и нажмите «Войти в личный кабинет».

    <!-- step: 07-card | crop | callout: Все поля со звездочкой обязательны -->

Text before the first marker is the preamble; each step's text runs to the next marker. Options
after `|`: `crop` (a crop around the element instead of the whole window) and `callout: text`.
A marker naming a step the flow does not have, a step with no text, a flow step the source does
not describe, a repeated or out-of-order step: each fails the build with a message naming the
file and the step.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

_MARKER = re.compile(r"^<!--\s*step:\s*(?P<id>[^|\s]+)\s*(?P<options>(?:\|[^\n]*?)?)\s*-->\s*$", re.MULTILINE)
_QUOTED = re.compile(r"«([^»\n]+)»")


class TemplateError(Exception):
    """The source cannot be built; the message says which file and which step."""


@dataclass(frozen=True)
class Section:
    step_id: str
    text: str
    crop: bool = False
    callout: str = ""

    def quoted_labels(self) -> list[str]:
        """The «…» quotes: each must appear on the step's page, exactly as written."""
        return _QUOTED.findall(self.text)


@dataclass(frozen=True)
class Template:
    path: Path
    language: str
    preamble: str
    sections: list[Section] = field(default_factory=list)


def _options(raw: str, where: str) -> dict:
    found = {"crop": False, "callout": ""}
    for part in filter(None, (piece.strip() for piece in raw.split("|"))):
        if part == "crop":
            found["crop"] = True
        elif part.startswith("callout:"):
            found["callout"] = part.removeprefix("callout:").strip()
        else:
            raise TemplateError(f"{where}: unknown option «{part}» (known: crop, callout: text)")
    return found


def load(path: Path, language: str, flow_step_ids: list[str]) -> Template:
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    markers = list(_MARKER.finditer(text))
    if not markers:
        raise TemplateError(f"{path}: no <!-- step: … --> markers; the flow's steps are {', '.join(flow_step_ids)}")
    sections = []
    for index, marker in enumerate(markers):
        step_id = marker.group("id")
        where = f"{path}, step {step_id}"
        if step_id not in flow_step_ids:
            raise TemplateError(
                f"{path} names the step «{step_id}», which the flow does not have "
                f"(its steps: {', '.join(flow_step_ids)})"
            )
        end = markers[index + 1].start() if index + 1 < len(markers) else len(text)
        body = text[marker.end() : end].strip()
        if not body:
            raise TemplateError(f"{where}: the step has no text")
        sections.append(Section(step_id, body, **_options(marker.group("options"), where)))
    named = [section.step_id for section in sections]
    for step_id in flow_step_ids:
        if step_id not in named:
            raise TemplateError(
                f"{path} does not describe the flow's step «{step_id}»: add <!-- step: {step_id} --> with its text"
            )
    if len(set(named)) != len(named):
        repeated = sorted({step_id for step_id in named if named.count(step_id) > 1})
        raise TemplateError(f"{path} describes the step «{repeated[0]}» more than once")
    if named != flow_step_ids:
        raise TemplateError(
            f"{path} describes the steps out of order: {', '.join(named)}; "
            f"the flow's order is {', '.join(flow_step_ids)}"
        )
    return Template(path=path, language=language, preamble=text[: markers[0].start()].strip(), sections=sections)
