"""The conformance report of a pytest run: gathered from every test and every xdist worker."""

import json
from pathlib import Path

import pytest

from ..conformance.checks import Checks
from ..conformance.report import Report, markdown_summary


class ConformanceReportPlugin:
    """Each worker hands its checks to the controller, which writes the report, prints its table
    and fails the run when any check failed."""

    def __init__(self, config, html_path: Path, facts: dict):
        self.config = config
        self.report = Report(html_path, facts)

    def add(self, checks: Checks) -> None:
        self.report.add(checks)

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node, error):
        output = getattr(node, "workeroutput", {}).get("conformance")
        if output:
            received = json.loads(output)
            self.report.add_results(received["results"], received["shots"])

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session, exitstatus):
        workeroutput = getattr(self.config, "workeroutput", None)
        if workeroutput is not None:  # an xdist worker: the controller writes the report
            workeroutput["conformance"] = self.report.as_json()
            return
        if not self.report.results:
            return
        self.report.write()
        if self.report.failed and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter):
        if getattr(self.config, "workeroutput", None) is not None or not self.report.results:
            return
        terminalreporter.write_sep("=", "conformance to the documented instruction")
        terminalreporter.write_line(markdown_summary(self.report.ordered()))
        terminalreporter.write_line(f"\nReport: {self.report.html_path} and {self.report.json_path}")
