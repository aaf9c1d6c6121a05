"""A component's code is published once as a content-hashed module and each run sends only
its loader; where the static folder cannot be written, the code itself is sent."""

from __future__ import annotations

import re

from components import component_module
from components.map.assets import STATIC_DIR

CODE = "export default function (component) { component.parentElement.textContent = 'x'; }\n"


def test_a_component_sends_a_loader_of_its_published_code():
    loader = component_module.component_js("kasegi-test-component", CODE)
    (url,) = re.findall(r'import\(new URL\("([^"]+)"', loader)
    assert re.fullmatch(r"/app/static/gen/kasegi-test-component-[0-9a-f]{16}\.js", url)
    published = STATIC_DIR / url.removeprefix("/app/static/")
    try:
        assert published.read_text("utf-8") == CODE
        assert CODE not in loader and len(loader) < 1000
        # The same code is the same file (a browser's cached copy stays good).
        assert component_module.component_js("kasegi-test-component", CODE) == loader
    finally:
        published.unlink()


def test_a_folder_that_cannot_be_written_sends_the_code(monkeypatch, caplog):
    def refuse(stem: str, script: str) -> str:
        raise PermissionError(13, "read-only", "static/gen")

    monkeypatch.setattr(component_module, "publish_script", refuse)
    assert component_module.component_js("kasegi-test-component", CODE) == CODE
    assert "kasegi-test-component: sent inline" in caplog.text
