"""The public contracts of ``xinfang deadline`` and ``xinfang decide`` (docs/rules.md).

In-process through ``call_command`` on the test database, and end to end through the
``xinfang`` console command on a fresh database made by ``xinfang migrate``: every malformed
input exits with code 2 and one line on stderr, never a traceback.
"""

import datetime as dt
import io
import json
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

FACTS = {
    "decided_on": "2026-03-10",
    "grounds": [2],
    "threshold_met": True,
    "harm": "serious",
    "impact": "major",
    "responsibility": "individual",
    "organ": {"id": "organ-1"},
    "people": [{"id": "s1", "role": "staff"}, {"id": "l1", "role": "principal_leader"}],
}


def run_deadline(*args):
    out = io.StringIO()
    call_command("deadline", *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db
def test_deadline_prints_the_contract_object():
    result = run_deadline(
        "--profile", "national-2022", "--period", "route", "--start", "2025-12-17"
    )
    assert result == {
        "profile": "national-2022",
        "period": "route",
        "start": "2025-12-17",
        "days": 15,
        "day_basis": "calendar",
        "due": "2026-01-04",
        "provisional": False,
        "basis": [
            "信访工作条例(2022)第二十二条第一款",
            "细则第六条",
            "民法典第二百零一条",
            "民法典第二百零三条",
        ],
    }


@pytest.mark.django_db
def test_deadline_extended_handle_reports_sixty_plus_n_days():
    result = run_deadline(
        "--profile", "chongqing-2017", "--period", "handle", "--start", "2025-09-01",
        "--extension-days", "30",
    )  # fmt: skip
    assert (result["days"], result["due"]) == (90, "2025-12-01")


@pytest.mark.django_db
def test_deadline_working_days_across_national_day():
    result = run_deadline(
        "--profile", "national-2022", "--period", "objection", "--start", "2025-09-30"
    )  # fmt: skip
    assert (result["day_basis"], result["due"]) == ("working", "2025-10-14")


@pytest.mark.django_db
def test_deadline_into_an_unknown_year_is_provisional():
    result = run_deadline(
        "--profile", "national-2022", "--period", "handle", "--start", "2026-12-01"
    )
    assert result["provisional"] is True
    assert "2027" in result["provisional_reason"]


def deadline_text(*args):
    out = io.StringIO()
    call_command("deadline", *args, stdout=out)
    return out.getvalue().strip()


EXECUTE = ("--profile", "chongqing-2017", "--period", "execute", "--start", "2025-09-05")
#: ``xinfang deadline`` for ``execute`` as it printed before determinations were read.
EXECUTE_AS_SHIPPED = (
    '{"profile": "chongqing-2017", "period": "execute", "start": "2025-09-05", "days": 30, '
    '"day_basis": "calendar", "due": "2025-10-09", "provisional": false, '
    '"basis": ["细则第十一条第一款第二项", "细则第十九条", '
    '"民法典第二百零一条", "民法典第二百零三条"]'
)


def determine_execute(*, effective_on: str) -> None:
    from xinfang.legal.models import Determination

    Determination.objects.create(
        number="渝信办〔2025〕3号",
        issued_on=dt.date(2025, 8, 1),
        effective_on=dt.date.fromisoformat(effective_on),
        text="支持信访请求的处理意见，应当自出具之日起15日内执行。",
        kind="period",
        profile="chongqing-2017",
        period="execute",
        days=15,
        day_basis="calendar",
    )


@pytest.mark.django_db
def test_deadline_of_an_office_period_without_a_determination_adds_keys_only():
    """The shipped output, byte for byte, then ``determination`` null and the policy note."""
    text = deadline_text(*EXECUTE)
    assert text == (
        EXECUTE_AS_SHIPPED + ', "determination": null, "policy": '
        "\"系统默认，待市信访办确定 / system default, pending the municipal petition office's "
        'determination"}'
    )


@pytest.mark.django_db
def test_deadline_of_a_statutory_period_reads_no_determination():
    determine_execute(effective_on="2025-09-01")
    result = run_deadline(
        "--profile", "chongqing-2017", "--period", "handle", "--start", "2025-09-05"
    )  # fmt: skip
    assert "determination" not in result and "policy" not in result


@pytest.mark.django_db
def test_deadline_layers_the_determination_in_force_on_the_start():
    """15 days from Fri 2025-09-05 is Sat 09-20 → Mon 09-22 (the shipped 30: 10-09)."""
    determine_execute(effective_on="2025-09-01")
    result = run_deadline(*EXECUTE)
    assert (result["days"], result["due"]) == (15, "2025-09-22")
    assert result["basis"] == [
        "细则第十一条第一款第二项",
        "细则第十九条",
        "渝信办〔2025〕3号",
        "民法典第二百零一条",
        "民法典第二百零三条",
    ]
    assert result["determination"] == {
        "number": "渝信办〔2025〕3号",
        "organ": "重庆市信访办公室",
        "issued_on": "2025-08-01",
        "effective_on": "2025-09-01",
    }
    assert "policy" not in result


@pytest.mark.django_db
def test_deadline_before_the_determination_takes_effect_is_the_shipped_one():
    determine_execute(effective_on="2025-09-06")
    assert deadline_text(*EXECUTE).startswith(EXECUTE_AS_SHIPPED + ', "determination": null')


BAD_DEADLINES = [
    ["--profile", "nowhere-1999", "--period", "handle", "--start", "2025-01-01"],
    ["--profile", "national-2022", "--period", "forever", "--start", "2025-01-01"],
    ["--profile", "national-2022", "--period", "handle", "--start", "2025-02-30"],
    ["--profile", "national-2022", "--period", "handle", "--start", "1/2/2025"],
    ["--profile", "national-2022", "--period", "handle", "--start", ""],
    ["--profile", "national-2022", "--period", "handle"],
    ["--period", "handle", "--start", "2025-01-01"],
    [],
    ["--profile", "national-2022", "--period", "handle", "--start", "2025-01-01",
     "--extension-days", "31"],
    ["--profile", "national-2022", "--period", "handle", "--start", "2025-01-01",
     "--extension-days", "abc"],
    ["--profile", "national-2022", "--period", "handle", "--start", "2025-01-01",
     "--extension-days", "-3"],
    ["--profile", "national-2022", "--period", "route", "--start", "2025-01-01",
     "--extension-days", "5"],
    ["--profile", "national-2022", "--period", "handle", "--start", "9999-12-31"],
    ["--profile", "national-2022", "--period", "handle", "--start", "2025-01-01", "--what"],
]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("args", BAD_DEADLINES)
def test_deadline_malformed_input_raises_command_error_with_code_two(args):
    with pytest.raises(CommandError) as caught:
        call_command("deadline", *args, stdout=io.StringIO())
    assert caught.value.returncode == 2
    assert "\n" not in str(caught.value)


def test_decide_prints_the_recommendation(tmp_path):
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(FACTS), encoding="utf-8")
    out = io.StringIO()
    call_command("decide", str(path), stdout=out)
    result = json.loads(out.getvalue())
    assert result["accountable"] is True
    assert result["people"][0]["measures"] == ["admonishment"]
    assert result["honour_disqualification"]["year"] == 2026


def test_decide_applies_a_reading_of_the_office_given_in_the_facts(tmp_path):
    """细则第十九条: the office read a mixed finding as the higher tier; the basis cites it."""
    facts = {
        **FACTS,
        "impact": "minor",
        "readings": {"mixed_finding": {"value": "higher", "document": "渝信办〔2026〕4号"}},
    }
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(facts), encoding="utf-8")
    out = io.StringIO()
    call_command("decide", str(path), stdout=out)
    staff = json.loads(out.getvalue())["people"][0]
    assert staff["measures"] == ["admonishment"]
    assert "渝信办〔2026〕4号" in staff["basis"]


def test_decide_reads_standard_input(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(FACTS)))
    out = io.StringIO()
    call_command("decide", "-", stdout=out)
    assert json.loads(out.getvalue())["notify"] == ["organization", "personnel"]


BAD_FACTS = [
    ("{not json", "JSON"),
    ("[]", "facts"),
    ('"text"', "facts"),
    (json.dumps({**FACTS, "grounds": [0]}), "grounds[0]"),
    (json.dumps({**FACTS, "grounds": [12]}), "grounds[0]"),
    (json.dumps({**FACTS, "harm": "awful"}), "harm"),
    (json.dumps({k: v for k, v in FACTS.items() if k != "impact"}), "impact"),
    (json.dumps({**FACTS, "decided_on": "2026-13-01"}), "decided_on"),
    (json.dumps({**FACTS, "threshold_met": 1}), "threshold_met"),
    (json.dumps({**FACTS, "people": [{"id": "s1", "role": "janitor"}]}), "people[0].role"),
    (json.dumps({**FACTS, "discipline_warranted": ["nobody"]}), "discipline_warranted[0]"),
    (json.dumps({**FACTS, "suspected_crime": ["nobody"]}), "suspected_crime[0]"),
    (
        json.dumps(
            {
                **FACTS,
                "prior_measures": [
                    {"person": "x9", "measure": "admonishment", "rectification_due": "2026-01-01"}
                ],
            }
        ),
        "prior_measures[0].person",
    ),
    (
        json.dumps({**FACTS, "readings": {"mixed_finding": {"value": "higher"}}}),
        "readings.mixed_finding.document",
    ),
    ("", "JSON"),
]


@pytest.mark.parametrize(("text", "field"), BAD_FACTS)
def test_decide_invalid_facts_name_the_field(tmp_path, text, field):
    path = tmp_path / "facts.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("decide", str(path), stdout=io.StringIO())
    assert caught.value.returncode == 2
    assert field in str(caught.value)
    assert "\n" not in str(caught.value)


def test_decide_missing_file():
    with pytest.raises(CommandError) as caught:
        call_command("decide", "/nonexistent/facts.json", stdout=io.StringIO())
    assert caught.value.returncode == 2


# --- end to end through the console command, on a fresh database ----------------------------


@pytest.fixture(scope="module")
def fresh_env(tmp_path_factory):
    """A fresh SQLite database made by ``xinfang migrate``, as a user would have it."""
    var = tmp_path_factory.mktemp("var")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(XINFANG_VAR_DIR=str(var), DJANGO_SETTINGS_MODULE="xinfang.settings.dev")
    done = subprocess.run(
        [sys.executable, "-m", "xinfang.cli", "migrate", "--noinput", "-v", "0"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return env


def xinfang(env, *args, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "xinfang.cli", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_fresh_database_after_migrate_knows_the_seeded_years(fresh_env):
    done = xinfang(
        fresh_env, "deadline", "--profile", "national-2022", "--period", "accept",
        "--start", "2026-01-31",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert (result["due"], result["provisional"]) == ("2026-02-24", False)


@pytest.mark.parametrize("args", BAD_DEADLINES)
def test_deadline_console_malformed_input_exits_two_with_one_line(fresh_env, args):
    done = xinfang(fresh_env, "deadline", *args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "usage:" not in done.stderr


def test_decide_console_reads_stdin(fresh_env):
    done = xinfang(fresh_env, "decide", "-", stdin=json.dumps(FACTS))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["accountable"] is True


@pytest.mark.parametrize(("text", "field"), BAD_FACTS)
def test_decide_console_invalid_facts_exit_two_with_one_line(fresh_env, text, field):
    done = xinfang(fresh_env, "decide", "-", stdin=text)
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and field in lines[0], done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("args", [[], ["a.json", "b.json"], ["/nonexistent.json"]])
def test_decide_console_bad_arguments_exit_two_with_one_line(fresh_env, args):
    done = xinfang(fresh_env, "decide", *args)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "Traceback" not in done.stderr


def test_decide_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "facts.json"
    path.write_bytes(b"\xff\xfe\x00{")
    with pytest.raises(CommandError) as caught:
        call_command("decide", str(path), stdout=io.StringIO())
    assert caught.value.returncode == 2
    assert "\n" not in str(caught.value)


def test_decide_console_stdin_that_is_not_utf8(fresh_env):
    done = subprocess.run(
        [sys.executable, "-m", "xinfang.cli", "decide", "-"],
        env=fresh_env,
        input=b"\xff\xfe\x00{",
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert b"Traceback" not in done.stderr
