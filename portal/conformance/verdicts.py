"""The three verdicts of a check, worst last."""

PASS, WARN, FAIL = "PASS", "WARN", "FAIL"
VERDICTS = (PASS, WARN, FAIL)
