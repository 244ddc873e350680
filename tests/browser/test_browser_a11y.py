"""Accessibility: axe-core, injected into every page of every language, finds nothing serious.

Runs in the survey's visits: on a desktop in the light and the dark palette, and on a phone.
Accepted exceptions (one rule, one selector, with the reason) are listed in survey.AXE_EXCEPTIONS.
"""

from __future__ import annotations

import pytest

from tests.browser.support import Site

pytestmark = pytest.mark.browser


def test_axe_finds_no_serious_or_critical_violations(site: Site, axe_installed, survey):
    failures = []
    for device, visits in survey.items():
        for v in visits:
            assert v.axe, f"axe did not run on {v.page} ({device})"
            for palette, violations in v.axe.items():
                for violation in violations:
                    for node in violation["nodes"]:
                        failures.append(
                            f"{v.page} ({device}, {palette}): {violation['impact']} "
                            f"{violation['id']} ({violation['help']}) at {node['target']}: "
                            + node["summary"].replace("\n", " "))
    checked = {palette for visits in survey.values() for v in visits for palette in v.axe}
    assert checked == {"light", "dark"}, f"axe ran only in the {checked} palette(s)"
    assert not failures, f"{len(failures)} violation(s):\n  " + "\n  ".join(failures)
