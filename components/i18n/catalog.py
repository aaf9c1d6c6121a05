"""Every UI string, in one catalog per language. Components look strings up with ``t``."""

from __future__ import annotations

from datetime import date

LANGUAGES = ("ja", "en")  # one catalog each, below
DEFAULT_LANGUAGE = "ja"

CATALOG: dict[str, dict[str, str]] = {
    "ja": {
        "page_title": "関西☆地域発!稼ぎ頭プロジェクトマップ",
        "app_title": "関西☆地域発!稼ぎ頭プロジェクトマップ",
        "app_caption": "近畿経済産業局が2016年に登録した23のローカル・イノベーション・プロジェクト",
        "language": "言語 / Language",
        "language_ja": "日本語",
        "language_en": "English",
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
        "ignored_values": "リンクなどに含まれていた不明な値を無視しました: {values}",
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
        "name_other_language": "英語名",
        "list_separator": "、",
        "legend_sector": "分野（主分野で色分け）",
        "legend_round": "登録回",
        "boundaries_building": "市区町村境界を作成しています（初回のみ）…",
        "problem_boundaries": (
            "市区町村の境界データがない（または壊れている）ため、マーカーのみの地図を表示しています。"
            "境界を作成するには、リポジトリで `python -m geo build` を実行してください"
            "（国土数値情報 N03 を `--source` で指定するか、`../shared/boundaries` を置くか、"
            "国土交通省のサイトから自動取得）。詳細: {reason}"
        ),
        "problem_places": (
            "プロジェクト表の地域コードまたはマーカー位置が境界データと合わないため、"
            "マーカーのみの地図を表示しています。`python -m geo validate` で確認し、"
            "表の該当行を直してください。詳細: {reason}"
        ),
        "problem_publish": (
            "地図の部品（Leaflet と境界データ）を配信用フォルダ `static/gen` に書き込めないため、"
            "地図を表示できません。フォルダを書き込み可能にしてください"
            "（例: `chmod -R u+w static`）。詳細: {reason}"
        ),
        "and_more": " ほか{count}件",
        "data_error": "プロジェクト表を読み込めません。",
        "attribution_source": "プロジェクト: 近畿経済産業局「関西☆地域発!稼ぎ頭プロジェクト」登録一覧（2017年3月24日更新、2016年登録）",
        "attribution_source_short": "近畿経済産業局 稼ぎ頭プロジェクト登録一覧（2017年3月24日更新）",
        "attribution_n03": "境界: 出典：「国土数値情報（行政区域データ）」（国土交通省）を加工して作成（{as_of}時点）",
        "attribution_n03_unknown": "時点不明",
        "popup_link_new_tab": "（新しいタブ）",
        "share_title": "リンクを共有・埋め込み・書き出し",
        "share_help": "このリンクを開くと、今の絞り込み・選択・地図の表示がそのまま再現されます。",
        "copy_link": "リンクをコピー",
        "copied": "コピーしました",
        "copy_failed": "コピーできませんでした。上のリンクを選択してコピーしてください。",
        "qr_caption": "このリンクのQRコード",
        "qr_alt": "上のリンクのQRコード（スマートフォンで読み取ると同じ表示が開きます）",
        "embed_title": "Webページへの埋め込み（iframe）",
        "export_title": "表示中のプロジェクトを書き出す",
        "export_help": "表示中の{count}件。出典と時点を含みます。",
        "export_csv": "CSV（Excel対応）",
        "export_geojson": "GeoJSON（GIS用）",
        "export_html": "地図HTML（オフラインで開ける1ファイル）",
        "embed_count": "{shown} / {total} 件 — 関西☆地域発!稼ぎ頭プロジェクトマップ",
        "fullscreen": "全画面表示",
        "gesture_touch": "地図を動かすには2本の指で操作します",
        "gesture_scroll": "地図を拡大・縮小するには Ctrl キーを押しながらスクロールします",
        "gesture_scrollMac": "地図を拡大・縮小するには ⌘ キーを押しながらスクロールします",
        "map_title": "地図（稼ぎ頭プロジェクトの位置と地域）",
        "skip_to_list": "地図をとばしてプロジェクト一覧へ",
        "list_details": "{sectors} — 主体: {lead} — 地域: {area}",
        "attribution_gsi": "地理院タイル",
        "attribution_osm": "OpenStreetMap contributors",
    },
    "en": {
        "page_title": "Kansai Kasegigashira Project Map",
        "app_title": 'Kansai "Kasegigashira" Project Map',
        "app_caption": "23 local innovation projects registered by the Kinki Bureau of Economy, Trade and Industry in 2016",
        "language": "Language / 言語",
        "language_ja": "日本語",
        "language_en": "English",
        "filters": "Filters",
        "all": "All",
        "sector": "Sector",
        "prefecture": "Prefecture",
        "round": "Round",
        "round_option": "Round {round} ({date})",
        "keyword": "Keyword",
        "keyword_help": "Searches names, summaries, leads, areas and applicants in Japanese and English (ignores full/half width and katakana/hiragana)",
        "option_count": "{label} ({count})",
        "reset": "Reset filters",
        "colour_by": "Colour by",
        "colour_by_sector": "Sector",
        "colour_by_round": "Round",
        "basemap": "Base map",
        "basemap_pale": "GSI Tiles, pale",
        "basemap_std": "GSI Tiles, standard",
        "basemap_photo": "GSI Tiles, photo",
        "basemap_osm": "OpenStreetMap",
        "basemap_none": "None",
        "result_count": "{shown} / {total} projects",
        "no_results": 'No project matches. Remove a filter or press "Reset filters".',
        "ignored_values": "Ignored unknown values (from the link or the session): {values}",
        "project_list": "Projects",
        "detail_title": "Project details",
        "detail_empty": "Choose a project: a marker, a coloured area, or the list.",
        "choose_in_area": "Projects in this area",
        "lead": "Lead",
        "area": "Area",
        "announced": "Registered",
        "sectors": "Sectors",
        "summary": "Summary",
        "applicant": "Applicant",
        "link": "Website",
        "link_no_url": "{label} (linked from the source page; URL not recorded)",
        "marker_place": "Marker",
        "name_other_language": "Japanese name",
        "list_separator": ", ",
        "legend_sector": "Sector (primary sector's colour)",
        "legend_round": "Round",
        "boundaries_building": "Building municipal boundaries (first run only)…",
        "problem_boundaries": (
            "Municipal boundaries are missing or damaged, so the map shows markers only. To build "
            "them, run `python -m geo build` in the repository (give MLIT N03 files with "
            "`--source`, place them in `../shared/boundaries`, or let it download them from "
            "MLIT). Details: {reason}"
        ),
        "problem_places": (
            "Area codes or marker positions in the project table do not match the boundaries, "
            "so the map shows markers only. Check with `python -m geo validate` and fix the rows "
            "named. Details: {reason}"
        ),
        "problem_publish": (
            "The map's files (Leaflet and the boundaries) cannot be written to `static/gen`, "
            "where the app serves them, so the map cannot be shown. Make the folder writable "
            "(e.g. `chmod -R u+w static`). Details: {reason}"
        ),
        "and_more": " and {count} more",
        "data_error": "The project table cannot be read.",
        "attribution_source": "Projects: Kinki Bureau of Economy, Trade and Industry, list of Kansai Kasegigashira projects (updated 24 Mar 2017; registered in 2016)",
        "attribution_source_short": "Kinki Bureau of Economy, Trade and Industry, Kasegigashira project list (updated 24 Mar 2017)",
        "attribution_n03": "Boundaries: 出典：「国土数値情報（行政区域データ）」（国土交通省）を加工して作成 — MLIT National Land Numerical Information (administrative areas), processed (as of {as_of})",
        "attribution_n03_unknown": "unknown date",
        "popup_link_new_tab": " (new tab)",
        "share_title": "Share, embed and export",
        "share_help": "This link reopens exactly this view: filters, selection and map.",
        "copy_link": "Copy link",
        "copied": "Copied",
        "copy_failed": "Could not copy. Select the link above and copy it.",
        "qr_caption": "QR code of this link",
        "qr_alt": "QR code of the link above (scan it with a phone to open the same view)",
        "embed_title": "Embed in a web page (iframe)",
        "export_title": "Export the projects shown",
        "export_help": "The {count} projects shown, with their source and dates.",
        "export_csv": "CSV (opens in Excel)",
        "export_geojson": "GeoJSON (for GIS)",
        "export_html": "Map as HTML (one file that opens offline)",
        "embed_count": "{shown} / {total} projects — Kansai Kasegigashira Project Map",
        "fullscreen": "Full screen",
        "gesture_touch": "Use two fingers to move the map",
        "gesture_scroll": "Use Ctrl + scroll to zoom the map",
        "gesture_scrollMac": "Use ⌘ + scroll to zoom the map",
        "map_title": "Map of the projects and their areas",
        "skip_to_list": "Skip the map to the project list",
        "list_details": "{sectors} — Lead: {lead} — Area: {area}",
        "attribution_gsi": "GSI Tiles (Geospatial Information Authority of Japan)",
        "attribution_osm": "OpenStreetMap contributors",
    },
}


def t(key: str, language: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The catalog string for ``key``; a missing key is a bug and raises KeyError."""
    text = CATALOG[language][key]
    return text.format(**values) if values else text


def format_date(value: date, language: str = DEFAULT_LANGUAGE) -> str:
    """2016年10月24日 / 24 Oct 2016."""
    if language == "ja":
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value.day} {value:%b} {value.year}"


def attribution_lines(
    as_of: str | None, with_boundaries: bool, language: str, short: bool = False
) -> list[str]:
    """Source page and, when boundaries are shown, the required N03 credit with its date."""
    lines = [t("attribution_source_short" if short else "attribution_source", language)]
    if with_boundaries:
        lines.append(
            t("attribution_n03", language, as_of=as_of or t("attribution_n03_unknown", language))
        )
    return lines


def pick_language(query_value: str | None, browser_locale: str | None) -> str:
    """``?lang=`` wins; else the browser's language when we have it; else Japanese."""
    if query_value in LANGUAGES:
        return query_value
    prefix = (browser_locale or "").split("-")[0].lower()
    return prefix if prefix in LANGUAGES else DEFAULT_LANGUAGE
