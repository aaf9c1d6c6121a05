"""Our Streamlit components' code as a static, content-hashed module (``assets``): what each
run sends as the component's JS is a loader of a few lines (``component_loader.js``), not the
code, which the browser fetches once and caches for good. Where the static folder cannot be
written, the code itself is sent, as before."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from string import Template

from components.map.assets import publish_script

_LOADER = Path(__file__).with_name("component_loader.js")
log = logging.getLogger(__name__)


def component_js(stem: str, code: str) -> str:
    """The JS to register a component with: a loader of ``code`` published as
    ``gen/<stem>-<hash>.js``, or ``code`` when it cannot be published."""
    try:
        url = publish_script(stem, code)
    except OSError as err:
        log.warning("%s: sent inline, not published (%s)", stem, err)
        return code
    return Template(_LOADER.read_text("utf-8")).substitute(url=json.dumps(url))
