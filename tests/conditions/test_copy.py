"""Words on the pages: the condition page's summary of the causes article ends at a sentence, and
search results say what they are results for."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from conditions.models import Article
from conditions.text import first_sentences

pytestmark = pytest.mark.django_db

SENTENCE = "Doctors think the mother's antibodies reach the baby's liver before birth."  # 11 words
LONG_SENTENCE = "Then " + " ".join(["word"] * 80) + "."
SUMMARY = re.compile(r'<p class="causes-summary">(.*?)</p>', re.S)


class TestFirstSentences:
    def test_a_short_text_is_kept_whole(self):
        assert first_sentences("One. Two words.", 70) == "One. Two words."

    def test_a_long_text_ends_at_the_last_sentence_that_fits(self):
        text = " ".join([SENTENCE] * 10)  # 120 words
        assert first_sentences(text, 70) == " ".join([SENTENCE] * 6)  # 66 words

    def test_questions_and_quotes_end_sentences_too(self):
        text = "Is it inherited? Families say “not always.” " + LONG_SENTENCE
        assert first_sentences(text, 70) == "Is it inherited? Families say “not always.”"

    def test_abbreviations_do_not_end_a_sentence(self):
        text = "Some causes, e.g. infections, matter. " + LONG_SENTENCE
        assert first_sentences(text, 70) == "Some causes, e.g. infections, matter."

    def test_a_first_sentence_too_long_is_cut_between_words(self):
        text = "supercalifragilistic " * 100
        cut = first_sentences(text, 70)
        assert cut.endswith("supercalifragilistic…") and len(cut.split()) == 70


def test_the_condition_page_summary_ends_at_a_sentence(client, condition):
    Article.objects.filter(condition=condition).update(intro=" ".join([SENTENCE] * 10))
    html = client.get(condition.get_absolute_url()).content.decode()
    (summary,) = SUMMARY.findall(html)
    assert summary.strip().endswith("before birth.")
    assert "…" not in summary


def test_search_results_are_headed_results_for(client, condition):
    html = client.get(reverse("conditions:index"), {"q": "hemo <b>"}).content.decode()
    assert re.search(r"<h1>\s*Results for “hemo &lt;b&gt;”\s*</h1>", html)
    assert "<title>Results for “hemo &lt;b&gt;”" in html


def test_the_index_without_a_query_is_headed_a_to_z(client, condition):
    html = client.get(reverse("conditions:index")).content.decode()
    assert re.search(r"<h1>\s*Conditions from A to Z\s*</h1>", html)
