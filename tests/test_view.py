"""One path from a link to a view (``geo.view``): the app's print and ``python -m geo print
--view`` of the same link are the same document, and a view's selection, extent and printed
link follow from its state."""

from __future__ import annotations

import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from geo.cli import main as geo_main
from geo.link import LinkState, query_params
from geo.view import DEFAULT_BASE_URL, box_of, open_list, printed_view, read_link, view_of

from .harness import pdf_text, run_app

# Five links, each resolving a different part of a view: filters, a project, the map's place,
# a version of the list and the language (with a colouring).
LINKS = (
    "?sector=manufacturing,medical&pref=27&round=2",
    "?sector=medical&p=kento",
    "?z=11&ll=34.770,135.520",
    "?v=2016-10-24",
    "?lang=en&color=round&pref=26",
)


@pytest.fixture
def app_documents(monkeypatch) -> list[bytes]:
    """Every PDF the app offers for download, as the visitor would save it."""
    documents: list[bytes] = []
    offer = MemoryMediaFileStorage.load_and_get_id

    def keep(self, path_or_data, mimetype, kind, filename=None):
        if mimetype == "application/pdf":
            documents.append(bytes(path_or_data))
        return offer(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
    return documents


def app_print(link: str, documents: list[bytes]) -> bytes:
    """Open ``link`` in the app, open the share dialog and make the printable map (PDF)."""
    at = run_app(**query_params(link))
    at.button(key="open_share").click().run()
    at.button(key="open_share").click()  # AppTest reruns the page: the dialog opens again
    at.button(key="print_make").click().run()
    assert not at.exception
    assert len(documents) == 1, "the app offered no PDF (or more than one)"
    return documents.pop()


@pytest.mark.parametrize("link", LINKS)
@pytest.mark.slow
def test_the_apps_print_and_geo_print_of_a_link_are_the_same(
    link, app_env, app_documents, poppler, tmp_path, capsys
):
    from_app = pdf_text(tmp_path, app_print(link, app_documents))
    out = tmp_path / "cli.pdf"
    args = ["print", "--out", str(out), "--boundaries", str(app_env), "--view", link]
    assert geo_main(args) == 0
    printed_link = capsys.readouterr().out.rstrip().rsplit(": ", 1)[-1]
    assert printed_link.startswith(DEFAULT_BASE_URL)
    from_cli = pdf_text(tmp_path, out.read_bytes())
    assert from_app.split() == from_cli.split()
    # The printed link reopens the whole view: the link's own keys are all in it.
    for key in query_params(link):
        assert f"{key}=" in printed_link


def test_a_view_selects_its_project_only_when_its_filters_show_it(table):
    shown = view_of(LinkState.build(sectors=("medical",), project="kento"), table)
    assert shown.selected == "kento"
    assert all("medical" in sectors for sectors in shown.shown["sectors"])
    hidden = view_of(LinkState.build(sectors=("crafts",), project="kento"), table)
    assert hidden.selected is None and "kento" not in set(hidden.shown["id"])


def test_a_views_extent_is_the_links_place_else_the_box_of_what_it_shows(table):
    placed = view_of(LinkState(center=(34.77, 135.52), zoom=11.0), table)
    assert (placed.extent.center, placed.extent.zoom, placed.extent.box) == (
        (34.77, 135.52),
        11.0,
        None,
    )
    osaka = view_of(LinkState.build(prefectures=("27",)), table)
    west, south, east, north = osaka.extent.box
    assert osaka.extent.box == box_of(osaka.shown) and west < east and south < north
    assert west > 134.9 and east < 135.8 and south > 34.2 and north < 35.1  # Osaka's reach
    nothing = view_of(LinkState.build(keyword="どこにもない言葉"), table)
    assert nothing.shown.empty and nothing.extent.box is None


def test_a_printed_link_keeps_the_view_and_opens_the_full_page():
    state = LinkState.build(
        sectors=("medical",), project="kento", center=(34.77, 135.52), zoom=11.0, embed=True
    )
    link = printed_view(state, base_url="http://h/").link
    assert link == "http://h/?sector=medical&p=kento&z=11&ll=34.770,135.520&lang=ja"
    assert printed_view(state, base_url=None).link == ""  # an uploaded table: no link


def test_a_link_is_read_over_every_version_of_the_list():
    source = open_list()
    state, ignored = read_link(query_params("?v=2016-10-24&p=kento&sector=nope"), source)
    assert state.version == "2016-10-24" and state.project == "kento"
    assert [str(i) for i in ignored] == ["sector=nope"]
    assert source.known_ids >= set(source.projects["id"])
