"""Every UI string, in one catalog per language. Components look strings up with ``t``."""

from __future__ import annotations

from datetime import date

DEFAULT_LANGUAGE = "ja"

CATALOG: dict[str, dict[str, str]] = {
    "ja": {
        "page_title": "関西☆地域発!稼ぎ頭プロジェクトマップ",
        "app_title": "関西☆地域発!稼ぎ頭プロジェクトマップ",
        "app_caption": "近畿経済産業局が2016年に登録した23のローカル・イノベーション・プロジェクト",
        "filters": "絞り込み",
        "all": "すべて",
        "sector": "分野",
        "prefecture": "府県",
        "round": "登録回",
        "round_option": "第{round}弾（{date}）",
        "keyword": "キーワード",
        "keyword_help": "名称・概要・主体・地域・申込機関を日英で検索（全角半角・カタカナひらがなを区別しません）",
        "option_count": "{label}（{count}）",
        "reset": "絞り込みを解除",
        "colour_by": "色分け",
        "colour_by_sector": "分野",
        "colour_by_round": "登録回",
        "basemap": "背景地図",
        "basemap_pale": "地理院タイル 淡色地図",
        "basemap_std": "地理院タイル 標準地図",
        "basemap_photo": "地理院タイル 写真",
        "basemap_osm": "OpenStreetMap",
        "basemap_none": "なし",
        "result_count": "{shown} / {total} 件",
        "no_results": "条件に合うプロジェクトはありません。条件を減らすか「絞り込みを解除」を押してください。",
        "ignored_values": "不明な値を無視しました: {values}",
        "project_list": "プロジェクト一覧",
        "detail_title": "プロジェクトの詳細",
        "detail_empty": "地図のマーカーや色の付いた地域、または一覧からプロジェクトを選んでください。",
        "choose_in_area": "この地域のプロジェクト",
        "lead": "主体",
        "area": "地域",
        "announced": "登録",
        "sectors": "分野",
        "summary": "概要",
        "applicant": "申込機関",
        "link": "関連サイト",
        "link_no_url": "{label}（元ページのリンク先。URLは未収録）",
        "marker_place": "マーカー位置",
        "name_en": "英語名",
        "legend_sector": "分野（主分野で色分け）",
        "legend_round": "登録回",
        "legend_prefecture_wide": "斜線なしの薄い塗り: 府県全域のプロジェクト",
        "municipality": "市区町村",
        "boundaries_building": "市区町村境界を作成しています（初回のみ）…",
        "boundaries_missing": (
            "市区町村の境界データがないため、マーカーのみの地図を表示しています。"
            "境界を作成するには、リポジトリで `python -m geo build` を実行してください"
            "（国土数値情報 N03 を `--source` で指定するか、`../shared/boundaries` を置くか、"
            "国土交通省のサイトから自動取得）。詳細: {reason}"
        ),
        "data_error": "プロジェクト表を読み込めません。",
        "attribution_source": "プロジェクト: 近畿経済産業局「関西☆地域発!稼ぎ頭プロジェクト」登録一覧（2017年3月24日更新、2016年登録）",
        "attribution_source_short": "近畿経済産業局 稼ぎ頭プロジェクト登録一覧（2017年3月24日更新）",
        "attribution_n03": "境界: 出典：「国土数値情報（行政区域データ）」（国土交通省）を加工して作成（{as_of}時点）",
        "attribution_n03_unknown": "時点不明",
        "popup_link_new_tab": "（新しいタブ）",
        "fullscreen": "全画面表示",
    },
}


def t(key: str, language: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The catalog string for ``key``; a missing key is a bug and raises KeyError."""
    text = CATALOG[language][key]
    return text.format(**values) if values else text


def format_date(value: date, language: str = DEFAULT_LANGUAGE) -> str:
    if language == "ja":
        return f"{value.year}年{value.month}月{value.day}日"
    return value.strftime("%-d %b %Y")
