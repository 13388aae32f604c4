"""The article importer refuses what it cannot read: malformed, too big or abusive files are reported with
their line and write nothing; and what the command prints."""

from __future__ import annotations

import re

import pytest

from conditions.models import Condition
from tests.conditions.importer_helpers import (
    AIH_SEED,
    assert_reported,
    failed_import,
    fixture,
    imported,
    row_counts,
    run_import,
    seed,
    write,
)

pytestmark = pytest.mark.django_db


# Malformed files: a "PATH:LINE: message" for the file, a CommandError, and nothing written


@pytest.mark.parametrize(
    ("name", "line", "message"),
    [
        ("empty.txt", 1, "empty"),
        ("no_title.txt", 1, "expected a title"),
        ("title_only.txt", 1, "no text"),
        ("title_and_boilerplate_only.txt", 1, "no text"),
        ("starts_with_section.txt", 3, "starts with a section"),
    ],
)
def test_malformed_fixture_is_reported_with_its_line_and_writes_nothing(name, line, message):
    counts = row_counts()

    error, stderr = failed_import(fixture(name))

    assert "1 failed" in error
    assert_reported(stderr, fixture(name), line, message)
    assert row_counts() == counts


def test_command_error_names_the_failed_file_and_line():
    path = fixture("starts_with_section.txt")

    error, _stderr = failed_import(path)

    assert f"{path}:3: " in error


def test_non_utf8_file_is_reported_at_the_line_of_the_bad_byte(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes(b"Which are the causes of X?\n\xff\xfe bad")
    counts = row_counts()

    _error, stderr = failed_import(path)

    assert_reported(stderr, path, 2, "not UTF-8")
    assert row_counts() == counts


def test_non_utf8_error_line_counts_lines_after_a_byte_order_mark(tmp_path):
    path = tmp_path / "bom-then-latin.txt"
    path.write_bytes(b"\xef\xbb\xbfWhich are the causes of X?\n\xff bad\n")

    _error, stderr = failed_import(path)

    assert_reported(stderr, path, 2, "not UTF-8")


def test_file_over_a_million_bytes_is_refused(tmp_path):
    path = tmp_path / "huge.txt"
    head = b"Which are the causes of Huge file disease?\n\n"
    path.write_bytes(head + b"x" * (1_000_001 - len(head)))
    counts = row_counts()

    _error, stderr = failed_import(path)

    assert_reported(stderr, path, 1, "1,000,001 bytes")
    assert row_counts() == counts


def test_file_of_exactly_a_million_bytes_is_accepted(tmp_path):
    path = tmp_path / "largest.txt"
    head = b"Which are the causes of Largest file disease?\n\n"
    path.write_bytes((head + b"word " * ((1_000_000 - len(head)) // 5)).ljust(1_000_000, b"x"))
    assert path.stat().st_size == 1_000_000

    run_import(path)

    assert imported("Largest file disease").articles.get(language="en").intro.startswith("word word")


def test_missing_file_is_reported_with_its_path(tmp_path):
    path = tmp_path / "no-such-article.txt"
    counts = row_counts()

    _error, stderr = failed_import(path)

    assert re.search(rf"^{re.escape(str(path))}: cannot be read", stderr, re.MULTILINE), stderr
    assert row_counts() == counts


def test_a_bad_file_does_not_stop_the_good_one(tmp_path):
    bad = write(tmp_path / "bad.txt", "Which are the causes of Halfwritten disease?\n\nFirst cause: no intro here.\n")

    error, stderr = failed_import(bad, fixture("well_formed.txt"))

    assert "2 file(s): 1 created, 0 updated, 0 unchanged, 1 failed." in error
    assert_reported(stderr, bad, 3, "starts with a section")
    assert not Condition.objects.filter(name__icontains="Halfwritten").exists()
    assert imported("Ventrel syndrome").articles.get(language="en").sections.count() == 3


# Abuse


def test_markup_in_a_condition_name_is_stored_and_shown_as_plain_text(client):
    run_import(fixture("script_in_name.txt"))
    condition = imported("<script>alert(1)</script> syndrome")

    for url in (condition.get_absolute_url(), f"/conditions/{condition.slug}/causes/"):
        response = client.get(url)
        content = response.content.decode()
        assert response.status_code == 200, url
        assert "<script>alert(1)</script>" not in content, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content, url


def test_condition_name_over_200_characters_is_refused_with_its_line(tmp_path):
    path = write(tmp_path / "long.txt", f"\n\nWhich are the causes of {'x' * 201}?\n\nSome introduction.\n")
    counts = row_counts()

    _error, stderr = failed_import(path)

    assert_reported(stderr, path, 3, "longer than 200 characters")
    assert row_counts() == counts


def test_condition_name_of_exactly_200_characters_is_accepted(tmp_path):
    name = "L" + "o" * 199
    run_import(write(tmp_path / "long.txt", f"Which are the causes of {name}?\n\nSome introduction.\n"))

    assert imported(name).articles.get(language="en").title == f"Which are the causes of {name}?"


def test_top_question_longer_than_a_question_can_be_is_refused_with_its_line(tmp_path):
    too_long = "Why " + "really " * 50 + "?"
    text = f"Which are the causes of Ventrel syndrome?\n\nSome introduction.\n\nTop questions\n\n{too_long}\n"
    path = write(tmp_path / "long-question.txt", text)
    counts = row_counts()

    _error, stderr = failed_import(path)

    assert_reported(stderr, path, 7)
    assert row_counts() == counts


def test_listing_the_same_question_twice_still_makes_the_second_import_a_no_op(tmp_path):
    questions = "Is Ventrel syndrome hereditary?\n\nIs Ventrel syndrome genetic?\n"
    text = f"Which are the causes of Ventrel syndrome?\n\nSome introduction.\n\nTop questions\n\n{questions}"
    path = write(tmp_path / "twice.txt", text)
    run_import(path)

    output = run_import(path)

    assert "0 created, 0 updated, 1 unchanged" in output


# What the command prints


def test_command_prints_a_line_per_file_then_a_one_line_summary():
    path = fixture("well_formed.txt")

    first = run_import(path).splitlines()
    second = run_import(path).splitlines()

    assert first[0].startswith(f"{path}: Ventrel syndrome: condition created, article created")
    assert first[-1] == "1 file(s): 1 created, 0 updated, 0 unchanged, 0 failed."
    assert second == [
        f"{path}: Ventrel syndrome: condition found, article unchanged",
        "1 file(s): 0 created, 0 updated, 1 unchanged, 0 failed.",
    ]


def test_quiet_command_prints_only_the_summary():
    output = run_import(fixture("well_formed.txt"), seed(AIH_SEED), verbosity=0)

    assert output.splitlines() == ["2 file(s): 2 created, 0 updated, 0 unchanged, 0 failed."]
