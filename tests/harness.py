"""One harness for the app tests: AppTest helpers and browser-page helpers (the server and
Chromium themselves come from ``devkit.browser`` and the fixtures in ``conftest.py``)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from streamlit.testing.v1 import AppTest

from devkit.browser import ARTIFACTS
from geo.paths import REPO_ROOT

APP = str(REPO_ROOT / "app.py")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")
TIMEOUT_MS = 20_000


# --- AppTest ---
def run_app(**params: str) -> AppTest:
    """The app with these query parameters, after its first run."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(at: AppTest, file_name: str, data: bytes, **roles: str) -> AppTest:
    """Upload a table, set any column ``roles`` (role → column), press 「この表で地図を作る」."""
    at.file_uploader(key="upload_file").set_value((file_name, data, XLSX)).run()
    for role, column in roles.items():
        (box,) = [s for s in at.sidebar.selectbox if (s.key or "").endswith(f"_role_{role}")]
        box.set_value(column)
    (build,) = [b for b in at.button if (b.key or "").startswith("FormSubmitter:upload_roles_")]
    return build.click().run()


def result_text(at: AppTest) -> str:
    return next(m.value for m in at.markdown if re.search(r" / \d+ ", m.value))


def listed(at: AppTest) -> list[str]:
    """The project list's entries, in order (their button labels)."""
    return [b.label for b in at.button if (b.key or "").startswith("pick_")]


def pick(at: AppTest, project_id: str) -> AppTest:
    return at.button(key=f"pick_{project_id}").click().run()


def params(at: AppTest) -> dict[str, str]:
    return {k: v[-1] if isinstance(v, list) else v for k, v in at.query_params.items()}


def notices(at: AppTest) -> str:
    return " ".join(i.value for i in at.info)


def detail_texts(at: AppTest) -> str:
    return " ".join(m.value for m in at.markdown)


def ui_texts(at: AppTest) -> list[str]:
    """Every text a person reads in the rendered app: labels, options, messages, markdown."""
    texts: list[str] = []
    for kind in (
        *("title", "header", "subheader", "markdown", "caption"),
        *("info", "warning", "error", "success"),
    ):
        texts += [e.value for e in getattr(at, kind)]
    for kind in ("multiselect", "radio", "selectbox", "text_input", "button"):
        for widget in getattr(at, kind):
            texts.append(widget.label)
            texts += [str(o) for o in getattr(widget, "options", [])]
    return texts


# --- browser pages ---
def expect():
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect


def map_frame(page, timeout_ms: float = 60_000):
    """The st_folium iframe's frame, once its map has drawn markers."""
    page.wait_for_selector("iframe[data-kasegi-map]", timeout=timeout_ms)
    frame = page.frame_locator("iframe[data-kasegi-map]").first
    frame.locator(".kasegi-marker").first.wait_for(timeout=timeout_ms)
    return page.query_selector("iframe[data-kasegi-map]").content_frame()


def wait_markers(frame, expected: int) -> None:
    expect()(frame.locator(".kasegi-marker")).to_have_count(expected, timeout=TIMEOUT_MS)


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def choose_option(page, box_index: int, option_text: str) -> None:
    """Open the sidebar's ``box_index``-th multiselect, choose an option, click away; return
    once the app has run with it (its chip shown, the script idle)."""
    box = page.locator("[data-testid='stSidebar'] .stMultiSelect").nth(box_index)
    box.locator("input").click()
    page.get_by_role("option").filter(has_text=option_text).first.click()
    page.locator("h1").first.click()  # close the dropdown, as a person clicks away
    chip = box.locator(CHIP).filter(has_text=option_text.split("（")[0])
    chip.first.wait_for(timeout=TIMEOUT_MS)
    wait_idle(page)


CHIP = "span[data-tag]"  # a chosen option in a multiselect


def chips(page) -> list[str]:
    """The chosen options shown in the sidebar's multiselects (visible chips only)."""
    return page.eval_on_selector_all(
        f"[data-testid='stSidebar'] .stMultiSelect {CHIP}",
        "els => els.filter(e => e.offsetParent !== null).map(e => e.getAttribute('aria-label'))",
    )


def wait_idle(page, quiet_ms: int = 400) -> None:
    """Until the app's script has not been running for ``quiet_ms`` (the map's first report
    reruns the app once more after the page looks ready)."""
    page.wait_for_function(
        """(quiet) => {
          const app = document.querySelector("[data-testid='stApp']");
          const now = performance.now();
          if (!app || app.dataset.testScriptState !== "notRunning") { window.__idle = null; return false; }
          window.__idle = window.__idle || now;
          return now - window.__idle >= quiet;
        }""",
        arg=quiet_ms,
        timeout=TIMEOUT_MS,
    )


def current_query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def map_probe(frame, value: str | None = None) -> str | None:
    """Mark the map's container (or read the mark): a reload loses it."""
    if value is not None:
        frame.evaluate(f"document.querySelector('.leaflet-container').dataset.probe = '{value}'")
    return frame.evaluate("document.querySelector('.leaflet-container').dataset.probe || null")
