"""filter_projects and facet counts on the real table; keyword folding on small cases."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.table.filters import Filters, facet_index, filter_projects, fold_text


def ids(frame: pd.DataFrame) -> list[str]:
    return sorted(frame["id"])


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("ＩＰＳ細胞", "ips細胞"),
        ("iPS", "ips"),
        ("カバン", "かばん"),
        ("ＡＳＡＧＯ大学", "asago大学"),
        ("ヴ", "ゔ"),
    ],
)
def test_fold_text(text, folded):
    assert fold_text(text) == folded


def test_no_filter_keeps_all(table):
    assert len(filter_projects(table, Filters())) == 23
    assert not Filters().active


def test_sector_matches_any_listed_sector(table):
    space = filter_projects(table, Filters(sectors=frozenset({"environment"})))
    assert ids(space) == ["fukuchiyama-power-on-net", "shiga-water", "shimokitayama-forest"]


def test_sectors_are_or_prefectures_and(table):
    result = filter_projects(
        table, Filters(sectors=frozenset({"medical", "overseas"}), prefectures=frozenset({"27"}))
    )
    assert ids(result) == [
        "higashiosaka-med-eng",
        "kento",
        "osaka-top-runner",
        "sakai-knives",
        "yao-economy",
    ]


def test_round_filter(table):
    first = filter_projects(table, Filters(rounds=frozenset({1})))
    assert sorted(first["no"]) == [1, 2, 3, 4, 5]
    assert set(first["announced"].map(str)) == {"2016-10-24"}


@pytest.mark.parametrize(
    ("keyword", "expected"),
    [
        ("ＩＰＳ", ["kyoto-life-science"]),
        ("カバン", ["toyooka-bags"]),
        ("bag", ["toyooka-bags"]),
        ("Titanium", ["sabae-next-industry"]),
        ("医工連携 滋賀", ["shiga-med-eng"]),
        ("京都高度技術研究所", ["kyoto-silk"]),
        ("存在しない語", []),
    ],
)
def test_keyword(table, keyword, expected):
    assert ids(filter_projects(table, Filters(keyword=keyword))) == expected


def test_keyword_searches_area_names(table):
    for row in table.itertuples():
        assert fold_text(row.area_label) in row.search_text
        assert fold_text(row.area_label_en) in row.search_text
    assert ids(filter_projects(table, Filters(keyword="摂津"))) == ["kento"]


def facet_counts(table, filters: Filters, facet: str) -> dict:
    return facet_index(table).counts(filters, facet)


def test_facet_counts_use_the_other_filters(table, dataset):
    osaka = Filters(prefectures=frozenset({"27"}))
    sector_counts = facet_counts(table, osaka, "sectors")
    assert sector_counts["medical"] == 4
    assert set(sector_counts) <= set(dataset.sector_by_slug)
    osaka_rows = table[table["prefecture_code"] == "27"]
    assert sum(sector_counts.values()) == sum(len(s) for s in osaka_rows["sectors"])
    # The facet's own selection does not shrink its own counts.
    assert facet_counts(table, osaka, "prefectures")["25"] == 4
    assert sum(facet_counts(table, Filters(), "rounds").values()) == 23


def test_the_facet_index_agrees_with_a_pass_over_the_rows(table):
    """The boolean columns against the plain definition, row by row, for random filters
    (values the table lacks included) and every facet's counts under them."""
    import random

    rng = random.Random(5)
    rows = table.to_dict("records")
    values = {
        "sectors": sorted({s for r in rows for s in r["sectors"]}) + ["none"],
        "prefectures": sorted({r["prefecture_code"] for r in rows}) + ["99"],
        "rounds": sorted({r["round"] for r in rows}) + [9],
    }
    column = {"sectors": "sectors", "prefectures": "prefecture_code", "rounds": "round"}

    def has(row, facet, chosen):
        cell = row[column[facet]]
        return not chosen or (bool(set(cell) & chosen) if facet == "sectors" else cell in chosen)

    index = facet_index(table)
    for _ in range(200):
        filters = Filters(
            **{f: frozenset(rng.sample(v, rng.randint(0, 2))) for f, v in values.items()},
            keyword=rng.choice(["", "", "市", "プロジェクト 大阪", "iPS", "nothing-at-all"]),
        )
        terms = fold_text(filters.keyword).split()
        match = [
            all(has(r, f, getattr(filters, f)) for f in values)
            and all(t in r["search_text"] for t in terms)
            for r in rows
        ]
        assert list(index.match(filters)) == match
        for facet in values:
            others = [
                all(has(r, f, getattr(filters, f)) for f in values if f != facet)
                and all(t in r["search_text"] for t in terms)
                for r in rows
            ]
            expected: dict = {}
            for r, kept in zip(rows, others, strict=True):
                cell = r[column[facet]]
                for value in (cell if facet == "sectors" else [cell]) if kept else []:
                    expected[value] = expected.get(value, 0) + 1
            assert index.counts(filters, facet) == expected


def test_a_value_per_row_keeps_a_run_linear_in_the_table():
    """20,000 projects with a sector each (a name column mapped as the sector): one run's
    filtering and counting allocates kilobytes, not the gigabytes of a values × rows matrix."""
    from bench.facet_memory import distinct_table, one_run, peak_mb

    index = facet_index(distinct_table(20_000))
    filters = Filters(prefectures={"27"}, sectors={"s2", "s5"})
    peak, _ = peak_mb(lambda: one_run(index, filters))
    assert peak < 5, f"{peak:.1f} MB a run"
    assert index.match(filters).nonzero()[0].tolist() == [2]  # s5 is in prefecture 30
    in_osaka = {f"s{n}": 1 for n in range(2, 20_000, 7)}
    assert index.counts(filters, "sectors") == in_osaka
    assert index.counts(filters, "prefectures") == {"27": 1, "30": 1}
