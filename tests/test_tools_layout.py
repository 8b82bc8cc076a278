"""The tools put their form first (issue 26): the units calculator's form and the probability
tool's test list are on the first screen of a phone and a desktop, the rules folded below."""

from __future__ import annotations

import pytest
from browser import browser, serve

pytestmark = pytest.mark.slow  # drives a browser on the built site

SCREENS = [(390, 844), (1280, 800)]


@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_the_units_form_is_on_the_first_screen_with_the_rules_folded(site, width, height):
    with serve(site) as base, browser() as b:
        page = b.new_page(viewport={"width": width, "height": height})
        page.goto(base + "tools/units-calculator.html")
        for selector in ["#ptref-code-1", "#ptref-minutes-1"]:
            box = page.locator(selector).bounding_box()
            assert box is not None and box["y"] + box["height"] <= height, (selector, box)
        rules = page.locator("details:has-text('8-minute rule')")
        assert rules.count() == 1 and not rules.evaluate("d => d.open")
        # The form still works, and its result reads before the rules.
        page.select_option("#ptref-code-1", "97110")
        page.fill("#ptref-minutes-1", "38")
        page.click("button[type=submit]")
        assert "Result: 3 unit(s)" in page.inner_text("#ptref-units-output")


@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_picking_a_test_fills_its_sensitivity_and_specificity(site, kb, width, height):
    entry = next(e for e in kb.all("assessments") if e.data.get("accuracy"))
    study = entry.data["accuracy"][0]
    with serve(site) as base, browser() as b:
        page = b.new_page(viewport={"width": width, "height": height})
        page.goto(base + "tools/post-test-probability.html")
        for selector in ["#ptref-test-picker", "#ptref-probability-pretest"]:
            box = page.locator(selector).bounding_box()
            assert box is not None and box["y"] + box["height"] <= height, (selector, box)
        page.select_option("#ptref-test-picker", f"{entry.id}-0")
        assert float(page.input_value("#ptref-probability-sn")) == float(study["sensitivity"])
        assert float(page.input_value("#ptref-probability-sp")) == float(study["specificity"])
        assert page.is_visible("#ptref-probability-sn")  # the calculator switched to Sn/Sp
        page.fill("#ptref-probability-pretest", "30")
        assert "%" in page.inner_text("#ptref-probability-output")
        link = page.locator("#ptref-test-picker-source a")
        assert link.get_attribute("href").endswith(f"assessments/{entry.id}.html")
