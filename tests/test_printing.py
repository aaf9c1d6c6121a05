"""The printable map: real PDF, SVG and PNG files, read back with poppler and an XML parser."""

from __future__ import annotations

import io
import re
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from devkit.browser import ARTIFACTS
from geo.cli import main as geo_main
from geo.link import LinkState, link_url
from geo.output.printing import PAPERS, PrintError, PrintView, declutter, print_map, wrap
from geo.table.aggregates import sector_prefecture_counts
from geo.table.choropleth import classify_counts, municipality_counts, prefecture_wide
from geo.table.filters import Filters, filter_projects

from .harness import pdf_text, squeeze

pytestmark = pytest.mark.slow  # real PDF, SVG and PNG documents

LINK = "http://localhost:8501/?sector=medical&lang=ja"


def render(table, dataset, boundaries, **options) -> bytes:
    municipalities, prefectures, meta = boundaries
    view = options.pop("view", PrintView(link=LINK))
    return print_map(
        table,
        dataset=dataset,
        municipalities=municipalities,
        prefectures=prefectures,
        view=view,
        as_of=meta.get("as_of"),
        printed_on=date(2026, 11, 29),
        **options,
    )


def pdf_info(tmp_path, data: bytes) -> dict[str, str]:
    path = tmp_path / "map.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


@pytest.mark.parametrize(
    ("paper", "points"),
    [("a4-landscape", "842 x 595"), ("a4-portrait", "595 x 842"), ("a3-landscape", "1191 x 842")],
)
def test_pdf_page_size(tmp_path, poppler, table, dataset, boundaries, paper, points):
    info = pdf_info(tmp_path, render(table, dataset, boundaries, paper=paper))
    width, height = (float(v) for v in re.findall(r"[\d.]+", info["Page size"])[:2])
    assert f"{round(width)} x {round(height)}" == points and info["Pages"].strip() == "1"


def test_pdf_embeds_its_fonts_and_holds_every_name_attribution_and_link(
    tmp_path, poppler, table, dataset, boundaries
):
    data = render(table, dataset, boundaries)
    path = tmp_path / "map.pdf"
    path.write_bytes(data)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(" yes yes yes " in row for row in rows), fonts  # embedded, subset, unicode
    assert all("NotoSansCJK" in row for row in rows)
    text = squeeze(pdf_text(tmp_path, data))
    for name in table["name_ja"]:
        assert squeeze(name) in text, name
    assert squeeze(dataset.attribution.ja) in text
    assert "国土数値情報（行政区域データ）" in text and "2021-01-01" in text
    assert LINK in text and "印刷日:2026-11-29" in text
    (ARTIFACTS / "print").mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "100", "-png", str(path), str(ARTIFACTS / "print" / "a4-ja")])


def test_a_filtered_view_prints_exactly_its_projects(tmp_path, poppler, table, dataset, boundaries):
    filters = Filters(sectors=frozenset({"medical"}), prefectures=frozenset({"27"}))
    view = PrintView(filters=filters, language="en", link="http://x/?sector=medical&pref=27")
    data = render(table, dataset, boundaries, view=view)
    text = pdf_text(tmp_path, data)
    shown = table[
        table["sectors"].map(lambda s: "medical" in s) & (table["prefecture_code"] == "27")
    ]
    assert len(shown) == 4
    flat = squeeze(text)
    for row in table.itertuples():
        assert (squeeze(row.name_en) in flat) == (row.id in set(shown["id"])), row.id
    assert "Sector: Medical, health & life science / Prefecture: Osaka — 4 / 23 projects" in text


def test_svg_has_one_marker_group_per_project_and_text_as_text(table, dataset, boundaries):
    filters = Filters(prefectures=frozenset({"28"}))
    svg = render(table, dataset, boundaries, fmt="svg", view=PrintView(filters=filters, link=LINK))
    root = ET.fromstring(svg)
    ids = [e.get("id") for e in root.iter() if (e.get("id") or "").startswith("marker-")]
    markers = {i for i in ids if not i.endswith("-no")}
    hyogo = set(table.loc[table["prefecture_code"] == "28", "id"])
    assert markers == {f"marker-{p}" for p in hyogo}
    texts = "".join(e.text or "" for e in root.iter("{http://www.w3.org/2000/svg}text"))
    for name in table.loc[table["prefecture_code"] == "28", "name_ja"]:
        assert squeeze(name)[:8] in squeeze(texts), name


def test_png_is_300_dpi_of_the_paper(table, dataset, boundaries):
    data = render(table, dataset, boundaries, fmt="png", paper="a4-portrait")
    image = Image.open(io.BytesIO(data))
    width, height = PAPERS["a4-portrait"]
    assert image.size == (round(width * 300), round(height * 300))
    image.save(ARTIFACTS / "print-a4-portrait.png") if ARTIFACTS.exists() else None


MATH = r"$x^2$ \n 100% <script>alert(1)</script> {{7*7}} \textbf{b}"


def test_user_text_never_reaches_mathtext_or_tex(tmp_path, poppler, table, dataset, boundaries):
    hostile = replace(dataset, title=replace(dataset.title, ja=f"地図 {MATH}"))
    evil = table.copy()
    evil.loc[0, "name_ja"] = f"事業 {MATH}"
    text = squeeze(pdf_text(tmp_path, render(evil, hostile, boundaries)))
    assert squeeze(MATH) in text  # printed as written, twice (title and list)
    assert text.count(squeeze(MATH)) >= 2
    svg = render(evil, hostile, boundaries, fmt="svg").decode("utf-8")
    assert "&lt;script&gt;" in svg and "<script>" not in svg
    ET.fromstring(svg)


def test_200_generated_projects_with_long_names_give_one_valid_document(
    tmp_path, poppler, table, dataset, boundaries
):
    rows = []
    for k in range(200):
        row = table.iloc[k % len(table)].copy()
        row["id"], row["no"] = f"p{k}", k + 1
        row["name_ja"] = f"長い名前の事業{k} " + "とても" * (40 if k % 7 == 0 else 3) + MATH
        rows.append(row)
    many = pd.DataFrame(rows).reset_index(drop=True)
    data = render(many, dataset, boundaries)
    info = pdf_info(tmp_path, data)
    assert int(info["Pages"]) >= 2  # the list continues on further pages
    text = squeeze(pdf_text(tmp_path, data))
    for k in range(200):
        assert f"{k + 1}.長い名前の事業{k}" in text, k  # every entry is somewhere
    # One page: the whole list in compact columns, every entry there.
    root = ET.fromstring(render(many, dataset, boundaries, fmt="svg"))
    entries = {e.get("id") for e in root.iter() if (e.get("id") or "").startswith("entry-")}
    assert entries == {f"entry-p{k}" for k in range(200)}


def test_markers_are_pushed_apart_like_on_the_screen():
    points = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 0.0], [50.0, 50.0]])
    placed = declutter(points, 10.0, [1, 2, 3, 4])
    for i in range(4):
        for j in range(i + 1, 4):
            dx, dy = np.abs(placed[i] - placed[j])
            assert dx >= 10.0 or dy >= 10.0, (i, j, placed)
    assert placed[3].tolist() == [50.0, 50.0]  # a marker alone stays where it is


def test_wrap_breaks_on_width_and_marks_a_cut():
    assert wrap("あいうえお", 2) == ["あい", "うえ", "お"]
    assert wrap("あいうえおかきくけこ", 2, max_lines=2) == ["あい", "う…"]
    assert wrap("abcd", 2.2) == ["abcd"[:4]] or wrap("abcd", 2.2) == ["abcd"]


def test_an_unknown_paper_or_format_is_named(table, dataset, boundaries):
    with pytest.raises(PrintError, match="unknown paper 'b5'"):
        render(table, dataset, boundaries, paper="b5")
    with pytest.raises(PrintError, match="unknown format 'doc'"):
        render(table, dataset, boundaries, fmt="doc")


def test_the_printed_link_is_the_apps_canonical_link(tmp_path, built_dir, capsys):
    """``geo print --view`` reads a link with the app's codec and prints the canonical link of
    what it shows (filters, colouring, language)."""
    state = LinkState.build(
        sectors=("medical", "crafts"),
        prefectures=("27",),
        rounds=(2,),
        keyword="かばん",
        colour_by="round",
        lang="en",
    )
    messy = "http://h/?round=2&color=round&pref=27&q=%20かばん%20&sector=medical,crafts&lang=en"
    out = tmp_path / "map.svg"
    args = ["print", "--out", str(out), "--boundaries", str(built_dir), "--base-url", "http://h/"]
    assert geo_main([*args, "--view", messy]) == 0
    assert capsys.readouterr().out.rstrip().endswith(": " + link_url(state, "http://h/"))


def test_geo_print_from_a_view_link(tmp_path, poppler, built_dir, capsys):
    out = tmp_path / "map.pdf"
    args = ["print", "--out", str(out), "--boundaries", str(built_dir)]
    assert geo_main([*args, "--view", "?sector=medical&pref=27&lang=en"]) == 0
    assert "4 of 23 projects" in capsys.readouterr().out
    text = pdf_text(tmp_path, out.read_bytes())
    assert "Kento Innovation Park" in squeeze(text) or "Kento" in text
    assert geo_main([*args, "--sector", "nope", "--round", "9"]) == 1
    err = capsys.readouterr().err
    assert "unknown sector nope" in err and "unknown round 9 (known: 1, 2, 3, 4)" in err


@pytest.mark.parametrize(
    ("view", "said"),
    [
        ("?ll=%1C34.5,135.5&z=9", "error: unknown centre \\u001c34.5,135.5\n"),
        ("?ll=%1F34.5,135.5", "error: unknown centre \\u001f34.5,135.5\n"),
        ("?z=%1E9", "error: unknown zoom \\u001e9\n"),
    ],
)
def test_a_bad_view_is_one_line_not_a_traceback(tmp_path, built_dir, capsys, view, said):
    args = ["print", "--out", str(tmp_path / "map.pdf"), "--boundaries", str(built_dir)]
    assert geo_main([*args, "--view", view]) == 1
    err = capsys.readouterr().err
    assert err.startswith(said) and err.count("\n") == 1 and "Traceback" not in err


def test_a_link_with_a_broken_host_is_read_for_its_query(tmp_path, built_dir, capsys):
    out = tmp_path / "map.pdf"
    args = ["print", "--out", str(out), "--boundaries", str(built_dir), "--base-url", "http://h/"]
    assert geo_main([*args, "--view", "http://[::1/?sector=medical"]) == 0
    assert capsys.readouterr().out.rstrip().endswith(": http://h/?sector=medical&lang=ja")


def test_geo_print_of_a_link_pinned_to_a_version_prints_that_version(
    tmp_path, poppler, built_dir, capsys
):
    out = tmp_path / "map.pdf"
    args = ["print", "--out", str(out), "--boundaries", str(built_dir), "--base-url", "http://h/"]
    assert geo_main([*args, "--view", "?v=2016-10-24"]) == 0
    printed = capsys.readouterr().out
    assert "5 of 5 projects" in printed and "v=2016-10-24" in printed.rstrip().split(": ")[-1]
    text = squeeze(pdf_text(tmp_path, out.read_bytes()))
    assert squeeze("一覧の版: 2016-10-24（第1弾 発表）") in text
    assert geo_main([*args, "--view", "?v=2016-01-01"]) == 1
    assert "unknown version 2016-01-01 (known: 2016-10-24" in capsys.readouterr().err


def test_a_missing_font_names_the_package_to_install(monkeypatch, table, dataset, boundaries):
    import geo.output.printing.backend

    monkeypatch.setattr(geo.output.printing.backend, "FONT_FAMILY", "No Such Font CJK")
    with pytest.raises(PrintError, match=r"apt-get install fonts-noto-cjk"):
        render(table, dataset, boundaries)


def test_a_large_table_prints_dots_not_numbers(table, dataset, boundaries):
    from geo.output.printing import NUMBERED_MAX

    rows = []
    for k in range(NUMBERED_MAX + 1):
        row = table.iloc[k % len(table)].copy()
        row["id"], row["no"] = f"p{k}", k + 1
        rows.append(row)
    many = pd.DataFrame(rows).reset_index(drop=True)
    root = ET.fromstring(render(many, dataset, boundaries, fmt="svg"))
    ids = {e.get("id") or "" for e in root.iter()}
    assert "markers-dots" in ids and not [i for i in ids if i.startswith("marker-")]
    fewer = ET.fromstring(render(many.head(NUMBERED_MAX), dataset, boundaries, fmt="svg"))
    assert (
        len({e.get("id") for e in fewer.iter() if (e.get("id") or "").startswith("marker-p")}) > 0
    )


def test_the_overview_prints_the_views_counts_when_asked(
    tmp_path, poppler, table, dataset, boundaries
):
    filters = Filters(prefectures=frozenset({"27"}))
    asked = pdf_text(
        tmp_path, render(table, dataset, boundaries, view=PrintView(filters=filters, overview=True))
    )
    counts = sector_prefecture_counts(filter_projects(table, filters))
    total = int(counts["count"].sum())
    assert "分野 × 府県の件数" in asked
    assert f"複数の分野をもつプロジェクトは分野ごとに数える（合計 {total}）" in asked
    plain = pdf_text(tmp_path, render(table, dataset, boundaries, view=PrintView(filters=filters)))
    assert "分野 × 府県の件数" not in plain


def test_the_count_colouring_prints_its_classes(tmp_path, poppler, table, dataset, boundaries):
    text = pdf_text(tmp_path, render(table, dataset, boundaries, view=PrintView(colour_by="count")))
    classes = classify_counts(list(municipality_counts(table).values()))
    assert f"市町村ごとの件数（府県全域の{prefecture_wide(table)}件は含まない）" in text
    for lower, upper in zip(classes.lower, classes.upper, strict=True):
        assert (f"{lower}件" if lower == upper else f"{lower}–{upper}件") in text


# --- every word the print draws is the catalog's ---
MARK = re.compile(r"\[\[[a-z0-9_]+\]\]")


def _marked_catalog(catalog: dict[str, str]) -> dict[str, str]:
    """Each entry replaced by [[key]] and its placeholders, so a printed word shows its key."""
    import string

    def fields(text: str) -> str:
        return "".join("{" + f + "}" for _, f, _, _ in string.Formatter().parse(text) if f)

    return {key: f"[[{key}]]{fields(text)}" for key, text in catalog.items()}


def _data_words(table, dataset, language: str) -> str:
    """Everything a print shows that is data, not a label: the projects' texts, the
    dataset's own words, place names, the link."""
    from geo.schema import PREFECTURES
    from geo.words import text

    rows = table.to_dict("records")
    texts = [text(r, f, language) for r in rows for f in ("name", "lead", "area")]
    texts += [dataset.title.get(language), dataset.attribution.get(language)]
    texts += [s.label.get(language) for s in dataset.sectors]
    texts += [r.label.get(language) for r in dataset.rounds]
    texts += [dataset.round_name.get(language), LINK, "かばん"]
    texts += [getattr(p, language) for p in PREFECTURES]
    texts += [dataset.edition.note.get(language)] if dataset.edition else []  # [version]
    return "\n".join(texts)


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("colour_by", ["sector", "count", "round"])
def test_every_word_the_print_draws_comes_from_the_catalog(
    monkeypatch, table, dataset, boundaries, language, colour_by
):
    """With every catalog entry replaced by a marker, what the sheet says beside the markers
    is data (names, places, the dataset's own texts, the link, cut where a line ends), numbers
    or punctuation: the
    printed map keeps no words of its own."""
    from geo.words import strings

    monkeypatch.setitem(strings.CATALOG, language, _marked_catalog(strings.CATALOG[language]))
    filters = Filters(sectors=frozenset({"crafts"}), keyword="かばん")
    view = PrintView(filters, colour_by, language, LINK, overview=True)
    svg = render(table, dataset, boundaries, view=view, fmt="svg")
    root = ET.fromstring(svg)
    printed = "\n".join(
        "".join(e.itertext()) for e in root.iter() if e.tag.endswith("}text") or e.tag == "text"
    )
    keys = set(MARK.findall(printed))
    # The sheet's own words, each a catalog entry: subtitle, legend, list, footer.
    legend = {"sector": "legend_sector", "count": "legend_count_municipality"}.get(colour_by)
    expected = {"keyword", "result_count", "project_list", "print_link", "print_printed"}
    expected |= {"overview_matrix_title", "attribution_n03"} | ({legend} if legend else set())
    assert {f"[[{k}]]" for k in expected} <= keys, expected - {k[2:-2] for k in keys}
    rest = MARK.sub(" ", printed)
    corpus = _data_words(table, dataset, language)
    if language == "en":
        # A word cut where a line ends ("techn…") is still a piece of the data.
        words = [w for w in re.findall(r"[A-Za-z]{2,}", rest) if w not in corpus]
        assert words == [], f"words printed that are neither data nor the catalog's: {words}"
    runs = [r for r in re.findall(r"[\u3040-\u30ff\u3400-\u9fff]+", rest) if r not in corpus]
    assert runs == [], f"Japanese printed that is neither data nor the catalog's: {runs}"


def test_a_link_too_long_for_a_qr_code_is_printed_as_text_with_a_note(table, dataset, boundaries):
    link = link_url(LinkState.build(keyword="稼" * 300, lang="en"), "http://localhost:8501/")
    view = PrintView(link=link, language="en")
    root = ET.fromstring(render(table, dataset, boundaries, view=view, fmt="svg"))
    ids = {e.get("id") for e in root.iter()}
    printed = "".join("".join(e.itertext()) for e in root.iter() if e.tag.endswith("}text"))
    assert "qr-code" not in ids
    assert "too long for a QR code" in printed and "%E7%A8%BC" in printed
    short = ET.fromstring(render(table, dataset, boundaries, fmt="svg"))
    assert "qr-code" in {e.get("id") for e in short.iter()}
