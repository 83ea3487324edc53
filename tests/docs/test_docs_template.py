"""The docs team's source files: every mistake stops the build with the file and the step named."""

import pytest

from docsgen.template import TemplateError, load

STEPS = ["01-site", "02-login", "03-menu"]


def write(tmp_path, text: str):
    path = tmp_path / "instruction.ru.md"
    path.write_text(text, encoding="utf-8")
    return path


def source(*sections: str, preamble: str = "# Инструкция\n\nВступление.") -> str:
    return "\n\n".join([preamble, *sections])


GOOD = [
    "<!-- step: 01-site -->\n### 1. Сайт\nОткройте сайт и ссылку «Личный кабинет абонента».",
    "<!-- step: 02-login | crop -->\nВведите логин и пароль.",
    "<!-- step: 03-menu | callout: Здесь -->\nВыберите «Платежи».",
]


def test_a_good_source_gives_the_preamble_and_one_section_per_step_with_its_options(tmp_path):
    template = load(write(tmp_path, source(*GOOD)), "ru", STEPS)
    assert template.preamble == "# Инструкция\n\nВступление."
    assert [s.step_id for s in template.sections] == STEPS
    assert template.sections[0].text.startswith("### 1. Сайт")
    assert template.sections[1].crop and not template.sections[0].crop
    assert template.sections[2].callout == "Здесь"
    assert template.sections[0].quoted_labels() == ["Личный кабинет абонента"]


def test_a_marker_naming_an_unknown_step_names_the_file_and_the_step(tmp_path):
    path = write(tmp_path, source(*GOOD, "<!-- step: 99-nowhere -->\nТекст."))
    with pytest.raises(TemplateError, match=r"instruction\.ru\.md names the step «99-nowhere»"):
        load(path, "ru", STEPS)


def test_a_step_without_text_names_the_file_and_the_step(tmp_path):
    path = write(tmp_path, source(GOOD[0], "<!-- step: 02-login -->\n   \n", GOOD[2]))
    with pytest.raises(TemplateError, match=r"instruction\.ru\.md, step 02-login: the step has no text"):
        load(path, "ru", STEPS)


def test_a_flow_step_the_source_does_not_describe_is_named(tmp_path):
    path = write(tmp_path, source(GOOD[0], GOOD[2]))
    with pytest.raises(TemplateError, match=r"does not describe the flow's step «02-login»"):
        load(path, "ru", STEPS)


def test_steps_out_of_order_are_refused(tmp_path):
    path = write(tmp_path, source(GOOD[1], GOOD[0], GOOD[2]))
    with pytest.raises(TemplateError, match="out of order"):
        load(path, "ru", STEPS)


def test_a_repeated_step_is_refused(tmp_path):
    path = write(tmp_path, source(*GOOD, "<!-- step: 03-menu -->\nЕще раз."))
    with pytest.raises(TemplateError, match="«03-menu» more than once"):
        load(path, "ru", STEPS)


def test_an_unknown_option_is_refused(tmp_path):
    path = write(tmp_path, source(GOOD[0], "<!-- step: 02-login | zoom -->\nТекст.", GOOD[2]))
    with pytest.raises(TemplateError, match="unknown option «zoom»"):
        load(path, "ru", STEPS)


def test_a_source_without_markers_lists_the_steps_it_needs(tmp_path):
    with pytest.raises(TemplateError, match="01-site, 02-login, 03-menu"):
        load(write(tmp_path, "# Только заголовок\n"), "ru", STEPS)


def test_the_real_sources_describe_every_step_of_the_flow():
    from docsgen.build import LANGUAGES, Paths
    from docsgen.capture import step_ids

    paths = Paths(docs=__import__("pathlib").Path("docs"), reports=__import__("pathlib").Path("reports"))
    for language in LANGUAGES:
        template = load(paths.source(language), language, step_ids())
        assert [s.step_id for s in template.sections] == step_ids()
