"""Every UI string, in one catalog per language. Components look strings up with ``t``."""

from __future__ import annotations

from datetime import date

from geo.dataset import Dataset
from geo.reasons import REASONS

LANGUAGES = ("ja", "en")  # one catalog each, below
DEFAULT_LANGUAGE = "ja"

CATALOG: dict[str, dict[str, str]] = {
    "ja": {
        "app_name": "プロジェクトマップ",
        "language": "言語 / Language",
        "language_ja": "日本語",
        "language_en": "English",
        "filters": "絞り込み",
        "all": "すべて",
        "sector": "分野",
        "prefecture": "府県",
        "round_option": "{label}（{date}）",
        "keyword": "キーワード",
        "keyword_help": "名称・概要・主体・地域・申込機関を日英で検索（全角半角・カタカナひらがなを区別しません）",
        "option_count": "{label}（{count}）",
        "reset": "絞り込みを解除",
        "colour_by": "色分け",
        "colour_by_sector": "分野",
        "colour_by_single": "単色",
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
        "list_range": "{first}–{last} / {total} 件",
        "list_previous": "前の{count}件",
        "list_next": "次の{count}件",
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
        "attribution_n03": "境界: 出典：「国土数値情報（行政区域データ）」（国土交通省）を加工して作成（{as_of}時点）",
        "attribution_n03_unknown": "時点不明",
        "popup_link_new_tab": "（新しいタブ）",
        "cluster_label": "{count}件（クリックで拡大）",
        "marker_detail_hint": "詳細は「プロジェクトの詳細」に表示されます。",
        "share_title": "リンクを共有・埋め込み・書き出し",
        "share_help": "このリンクを開くと、今の絞り込み・選択・地図の表示がそのまま再現されます。",
        "copy_link": "リンクをコピー",
        "copied": "コピーしました",
        "copy_failed": "コピーできませんでした。上のリンクを選択してコピーしてください。",
        "qr_caption": "このリンクのQRコード",
        "qr_alt": "上のリンクのQRコード（スマートフォンで読み取ると同じ表示が開きます）",
        "embed_title": "Webページへの埋め込み（iframe）",
        "print_title": "印刷用の地図",
        "print_help": "今の絞り込み・色分け・言語の地図を1枚の文書にします（番号付きマーカー、凡例、一覧、出典、リンクとQRコード）。",
        "print_paper": "用紙",
        "paper_a4-landscape": "A4 横",
        "paper_a4-portrait": "A4 縦",
        "paper_a3-landscape": "A3 横",
        "paper_a3-portrait": "A3 縦",
        "print_format": "形式",
        "print_format_pdf": "PDF",
        "print_format_svg": "SVG",
        "print_format_png": "PNG（300 dpi）",
        "print_make": "印刷用の地図を作る",
        "print_making": "印刷用の地図を作っています…",
        "print_download": "{format} を保存",
        "export_title": "表示中のプロジェクトを書き出す",
        "export_help": "表示中の{count}件。出典と時点を含みます。",
        "export_csv": "CSV（Excel対応）",
        "export_geojson": "GeoJSON（GIS用）",
        "export_html": "地図HTML（オフラインで開ける1ファイル）",
        "embed_count": "{shown} / {total} 件 — {title}",
        "fullscreen": "全画面表示",
        "gesture_touch": "地図を動かすには2本の指で操作します",
        "gesture_scroll": "地図を拡大・縮小するには Ctrl キーを押しながらスクロールします",
        "gesture_scrollMac": "地図を拡大・縮小するには ⌘ キーを押しながらスクロールします",
        "map_title": "地図（プロジェクトの位置と地域）",
        "skip_to_list": "地図をとばしてプロジェクト一覧へ",
        "upload_title": "自分の表で地図を作る",
        "upload_help": "CSV（UTF-8 または Shift_JIS）か Excel（.xlsx）、{mb} MB・{rows}行まで。市町村名か住所の列から公式のコードを照合します。表はこのタブの中だけで使われ、サーバーには保存されません。",
        "upload_file": "表のファイル（CSV・.xlsx）",
        "upload_read": "{rows}行・{columns}列（{encoding}）",
        "upload_roles": "列の役割（推定です。違っていれば選び直してください）",
        "upload_none": "（なし）",
        "upload_missing_role": "「{role}」の列を選んでください。",
        "upload_build": "この表で地図を作る",
        "upload_building": "市町村名と住所を照合しています…",
        "upload_needs_boundaries": "照合には市区町村の境界データが必要です。`python -m geo build` を実行してください。",
        "upload_subtitle": "アップロードした表（このタブの中だけで表示。サーバーには保存されません）",
        "upload_report_title": "照合結果: {kept} / {total} 行を地図に表示",
        "upload_problem_rows": "地図に載らなかった行と注意のある行",
        "upload_report_csv": "照合結果をCSVで保存（report.csv）",
        "upload_forget": "元の地図に戻る（表を消す）",
        "upload_none_kept": "地図に載せられる行がありませんでした。照合結果を見て表を直してください。",
        "share_upload": "アップロードした表はリンクでは共有できません（表はこのタブの中だけにあります）。下の書き出しをお使いください。",
        "reason_empty": "空欄です",
        "reason_no_name": "名称がありません",
        "reason_bad_check_digit": "6桁コードの検査数字が違います（{code}）",
        "reason_unknown_code": "コード {code} の地域は地図にありません",
        "reason_prefecture_conflict": "所在地は{written}、都道府県の列は{column}です",
        "reason_mixed_levels": "府県全域と市町村が混ざっています",
        "reason_ambiguous": "同じ名前の市町村が複数の府県にあります。都道府県を加えてください",
        "reason_no_municipality": "一致する市町村がありません",
        "reason_no_municipality_in": "{prefecture}に一致する市町村がありません",
        "reason_unknown_prefecture": "地図の府県ではありません（無視しました）",
        "reason_unknown_sectors": "分野の表にない語: {words}",
        "reason_not_a_date": "日付・年として読めません（例: 2019、2019-04-01、2019年4月1日）。使いませんでした",
        "reason_not_a_real_date": "存在しない日付です。使いませんでした",
        "reason_not_a_url": "http(s) のURLではありません。使いませんでした",
        "reason_point_outside_region": "座標が地図の範囲外です。地域内の代表点を使いました",
        "reason_point_outside_area": "座標が地域の外です。地域内の代表点を使いました",
        "report_line": "行",
        "report_status": "状態",
        "report_column": "列",
        "report_value": "値",
        "report_reason": "理由",
        "report_codes": "コード",
        "report_candidates": "候補・地域",
        "role_name": "名称",
        "role_area": "市町村・所在地",
        "role_prefecture": "都道府県",
        "role_sector": "分野・業種",
        "role_date": "日付・年度",
        "role_lat": "緯度",
        "role_lon": "経度",
        "role_url": "URL",
        "role_summary": "概要",
        "role_name_en": "英語名",
        "role_id": "ID",
        "status_matched": "一致",
        "status_approximate": "一致（位置は概略）",
        "status_warning": "注意あり",
        "status_ambiguous": "候補が複数",
        "status_unmatched": "一致なし",
        "status_invalid": "使えない行",
        "attribution_gsi": "地理院タイル",
        "attribution_osm": "OpenStreetMap contributors",
    },
    "en": {
        "app_name": "Project map",
        "language": "Language / 言語",
        "language_ja": "日本語",
        "language_en": "English",
        "filters": "Filters",
        "all": "All",
        "sector": "Sector",
        "prefecture": "Prefecture",
        "round_option": "{label} ({date})",
        "keyword": "Keyword",
        "keyword_help": "Searches names, summaries, leads, areas and applicants in Japanese and English (ignores full/half width and katakana/hiragana)",
        "option_count": "{label} ({count})",
        "reset": "Reset filters",
        "colour_by": "Colour by",
        "colour_by_sector": "Sector",
        "colour_by_single": "One colour",
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
        "list_range": "{first}–{last} of {total}",
        "list_previous": "Previous {count}",
        "list_next": "Next {count}",
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
        "attribution_n03": "Boundaries: 出典：「国土数値情報（行政区域データ）」（国土交通省）を加工して作成 — MLIT National Land Numerical Information (administrative areas), processed (as of {as_of})",
        "attribution_n03_unknown": "unknown date",
        "popup_link_new_tab": " (new tab)",
        "cluster_label": "{count} projects (click to zoom in)",
        "marker_detail_hint": "The details are shown under “Project details”.",
        "share_title": "Share, embed and export",
        "share_help": "This link reopens exactly this view: filters, selection and map.",
        "copy_link": "Copy link",
        "copied": "Copied",
        "copy_failed": "Could not copy. Select the link above and copy it.",
        "qr_caption": "QR code of this link",
        "qr_alt": "QR code of the link above (scan it with a phone to open the same view)",
        "embed_title": "Embed in a web page (iframe)",
        "print_title": "Printable map",
        "print_help": "The map of the current filters, colours and language as a one-page document (numbered markers, legend, list, sources, link and QR code).",
        "print_paper": "Paper",
        "paper_a4-landscape": "A4 landscape",
        "paper_a4-portrait": "A4 portrait",
        "paper_a3-landscape": "A3 landscape",
        "paper_a3-portrait": "A3 portrait",
        "print_format": "Format",
        "print_format_pdf": "PDF",
        "print_format_svg": "SVG",
        "print_format_png": "PNG (300 dpi)",
        "print_make": "Make the printable map",
        "print_making": "Making the printable map…",
        "print_download": "Save the {format}",
        "export_title": "Export the projects shown",
        "export_help": "The {count} projects shown, with their source and dates.",
        "export_csv": "CSV (opens in Excel)",
        "export_geojson": "GeoJSON (for GIS)",
        "export_html": "Map as HTML (one file that opens offline)",
        "embed_count": "{shown} / {total} projects — {title}",
        "fullscreen": "Full screen",
        "gesture_touch": "Use two fingers to move the map",
        "gesture_scroll": "Use Ctrl + scroll to zoom the map",
        "gesture_scrollMac": "Use ⌘ + scroll to zoom the map",
        "map_title": "Map of the projects and their areas",
        "skip_to_list": "Skip the map to the project list",
        "upload_title": "Map your own table",
        "upload_help": "CSV (UTF-8 or Shift_JIS) or Excel (.xlsx), up to {mb} MB and {rows} rows. Municipality names or addresses are matched to official codes. The table stays in this tab only; nothing is stored on the server.",
        "upload_file": "Table file (CSV or .xlsx)",
        "upload_read": "{rows} rows, {columns} columns ({encoding})",
        "upload_roles": "What each column is (guessed; change any that are wrong)",
        "upload_none": "(none)",
        "upload_missing_role": "Choose the column for “{role}”.",
        "upload_build": "Map this table",
        "upload_building": "Matching municipality names and addresses…",
        "upload_needs_boundaries": "Matching needs the municipal boundaries: run `python -m geo build`.",
        "upload_subtitle": "Your uploaded table (shown in this tab only; nothing is stored on the server)",
        "upload_report_title": "Matching report: {kept} of {total} rows on the map",
        "upload_problem_rows": "Rows not on the map, and rows with a note",
        "upload_report_csv": "Save the report as CSV (report.csv)",
        "upload_forget": "Back to the original map (forget the table)",
        "upload_none_kept": "No row could be put on the map. See the report and fix the table.",
        "share_upload": "A link cannot carry an uploaded table (it exists in this tab only). Use the exports below instead.",
        **{f"reason_{kind}": text for kind, text in REASONS.items()},
        "report_line": "line",
        "report_status": "status",
        "report_column": "column",
        "report_value": "value",
        "report_reason": "reason",
        "report_codes": "codes",
        "report_candidates": "candidates or areas",
        "role_name": "Name",
        "role_area": "Municipality or address",
        "role_prefecture": "Prefecture",
        "role_sector": "Sector",
        "role_date": "Date or year",
        "role_lat": "Latitude",
        "role_lon": "Longitude",
        "role_url": "URL",
        "role_summary": "Summary",
        "role_name_en": "Name in English",
        "role_id": "ID",
        "status_matched": "matched",
        "status_approximate": "matched (approximate position)",
        "status_warning": "with a note",
        "status_ambiguous": "ambiguous",
        "status_unmatched": "unmatched",
        "status_invalid": "unusable",
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
    dataset: Dataset,
    as_of: str | None,
    with_boundaries: bool,
    language: str,
    *,
    short: bool = False,
) -> list[str]:
    """The dataset's source and, when boundaries are shown, the required N03 credit with its
    date."""
    lines = [(dataset.attribution_short if short else dataset.attribution).get(language)]
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
