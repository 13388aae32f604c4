"""Fail if a JUnit report ran no test, or skipped any test (browser tests above all)."""

import sys
import xml.etree.ElementTree as ET

report = sys.argv[1]
cases = list(ET.parse(report).getroot().iter("testcase"))
skipped = [f"{case.get('classname')}.{case.get('name')}" for case in cases if case.find("skipped") is not None]
browser = [case for case in cases if (case.get("classname") or "").startswith("tests.browser")]
if not cases:
    sys.exit(f"{report}: no test ran")
if not browser:
    sys.exit(f"{report}: no browser test ran")
if skipped:
    sys.exit(f"{report}: {len(skipped)} skipped test(s), which CI does not accept:\n  " + "\n  ".join(skipped))
print(f"{report}: {len(cases)} tests, {len(browser)} in the browser, none skipped")
