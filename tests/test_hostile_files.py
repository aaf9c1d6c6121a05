"""Files an attacker would upload (``devkit.hostile_spreadsheets``), each through the worker the
app and the command line read them in: a clear refusal or a complete table, within the upload
limits (a worker out of memory or time fails the test), never a traceback, never a request to
the network, never a file written outside the output folder or deleted that is not ours."""

from __future__ import annotations

import http.server
import threading

import pytest

from devkit.hostile_spreadsheets import corpus, external_entity
from geo.cli import main as geo_main
from geo.dataset import DatasetError, load_dataset
from geo.intake.reader import TableError
from geo.intake.upload_jobs import read_table
from geo.jobs import UPLOAD_LIMITS, JobFailed, run_job

from .harness import choose_file, run_app

pytestmark = pytest.mark.slow  # each file read in a worker within the limits

CORPUS = corpus()


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """The corpus written once: name → path."""
    folder = tmp_path_factory.mktemp("hostile")
    paths = {}
    for hostile in CORPUS:
        paths[hostile.name] = folder / hostile.name
        paths[hostile.name].write_bytes(hostile.data())
    return paths


@pytest.mark.parametrize("hostile", CORPUS, ids=[h.name for h in CORPUS])
def test_each_file_is_refused_clearly_or_read_whole_within_the_limits(hostile, files):
    data = files[hostile.name].read_bytes()
    try:
        table = run_job(read_table, data, hostile.name, limits=UPLOAD_LIMITS)
    except JobFailed as failed:  # out of memory or time: the checks let it through
        pytest.fail(f"{hostile.name} escaped the checks: {failed}")
    except TableError as err:
        assert hostile.refusal is not None, f"{hostile.name} should read, got: {err}"
        assert hostile.refusal in str(err) and str(err).startswith(hostile.name)
        return
    assert hostile.refusal is None, f"{hostile.name} should be refused ({hostile.refusal})"
    assert len(table.rows) == hostile.rows


@pytest.mark.parametrize(
    "hostile", [h for h in CORPUS if h.refusal], ids=[h.name for h in CORPUS if h.refusal]
)
def test_the_command_line_names_the_problem_and_writes_nothing(
    hostile, files, tmp_path, capsys, built_dir
):
    out = tmp_path / "out"
    neighbour = tmp_path / ".draft.tmp"  # someone else's, beside the output folder
    neighbour.write_text("mine", "utf-8")
    args = ["dataset", "--source", str(files[hostile.name]), "--out", str(out)]
    assert geo_main([*args, "--boundaries", str(built_dir)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and hostile.refusal in err and "Traceback" not in err
    assert not out.exists() and neighbour.read_text("utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".draft.tmp"]


@pytest.mark.parametrize("name", ["bomb.xlsx", "laughs.xlsx", "wide.xlsx", "truncated.xlsx"])
def test_the_app_says_why_and_stays_usable(app_env, files, name, monkeypatch):
    import components.uploaded_table

    jobs = []
    real = components.uploaded_table.run_job
    monkeypatch.setattr(
        components.uploaded_table, "run_job", lambda *a, **k: jobs.append(a[0]) or real(*a, **k)
    )
    at = choose_file(run_app(), name, files[name].read_bytes())
    assert len(jobs) == 1
    assert not at.exception
    refusal = next(h.refusal for h in CORPUS if h.name == name)
    shown = lambda page: [e.value.replace("\\", "") for e in page.error]  # noqa: E731 (Markdown-escaped)
    assert any(refusal in text for text in shown(at)), shown(at)
    again = at.run()  # the next rerun: the same message, the page still whole
    assert not again.exception
    assert any(refusal in text for text in shown(again))
    assert len(jobs) == 1  # a refused file is remembered, not read again on every rerun
    assert any(" / " in m.value for m in again.markdown)  # the map's count is still shown


def test_an_external_entity_fetches_nothing():
    requests: list[str] = []

    class Trap(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the standard library's name)
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"caught")

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Trap)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/trap"
        with pytest.raises(TableError, match="damaged"):
            run_job(read_table, external_entity(url), "xxe.xlsx", limits=UPLOAD_LIMITS)
    finally:
        server.shutdown()
    assert requests == []


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('colour = "#CC6677\\n"', "colour"),
        ('slug = "kasegi\\n"', "slug"),
        ("deep = " + "[" * 100_000 + "]" * 100_000, "nested deeper"),
    ],
)
def test_dataset_settings_are_checked_as_they_are_used(tmp_path, line, expected):
    from geo.paths import REPO_ROOT

    text = (REPO_ROOT / "data" / "dataset.toml").read_text("utf-8")
    if line.startswith("colour"):
        text = text.replace('colour = "#CC6677"', line, 1)
    elif line.startswith("slug"):
        text = text.replace('slug = "kasegigashira"', line, 1)
    else:
        text = line + "\n" + text
    assert line.split(" = ")[0] in text
    (tmp_path / "dataset.toml").write_text(text, "utf-8")
    with pytest.raises(DatasetError, match=expected):
        load_dataset(tmp_path)


def test_a_sector_colour_is_checked_like_the_settings(tmp_path, capsys, built_dir):
    sectors = tmp_path / "sectors.csv"
    sectors.write_text("word,slug,colour\n製造,mfg,#fff;background:url(x)\n", "utf-8")
    table = tmp_path / "t.csv"
    table.write_text("名称,所在地,分野\n企業,大阪府吹田市,製造\n", "utf-8")
    out = tmp_path / "out"
    args = ["dataset", "--source", str(table), "--out", str(out), "--sectors", str(sectors)]
    assert geo_main([*args, "--boundaries", str(built_dir)]) == 1
    assert "not #RRGGBB" in capsys.readouterr().err and not out.exists()


def test_many_areas_a_row_build_in_linear_time(files, boundaries):
    """2,000 rows naming all seven prefectures: matched and prepared within the limits."""
    from devkit.hostile_spreadsheets import csv_many_areas
    from geo.boundaries.areas import AreaShapes
    from geo.intake.roles import guess_roles
    from geo.intake.upload_jobs import build_table

    municipalities, prefectures, _ = boundaries
    table = read_table(csv_many_areas(2_000), "many.csv")
    shapes = AreaShapes(municipalities, prefectures)
    args = (table, guess_roles(table.columns), municipalities, prefectures, shapes)
    build, prepared = run_job(build_table, *args, limits=UPLOAD_LIMITS)
    assert len(prepared) == 2_000
    assert all(len(codes) == 7 for codes in prepared["area_codes"])
