"""Demo answers by demo members, so that the demo's questions look lived-in. Written for this
project, deliberately general (they are put on every demo condition) and never medical advice."""

from __future__ import annotations

import random

from django.db import transaction
from django.utils import timezone

from community.demo import demo_users
from community.models import Membership, Visibility
from conditions.markup import render_markdown
from conditions.models import Answer, Choice, Condition, HelpfulVote, Question
from conditions.standard_questions import QuestionKind

ANSWERS_PER_QUESTION = (1, 4)  # at least, at most
VOTES_PER_ANSWER = 6  # at most

# (choice, text) for closed questions; ("", text) for the others.
DEMO_ANSWERS: dict[str, list[tuple[str, str]]] = {
    QuestionKind.CAUSES: [
        (
            "",
            "Nobody could tell us for sure what caused it in our family. The genetic tests took months, "
            "and in the end they did not settle it.",
        ),
        (
            "",
            "Our specialist described it as several things coming together rather than one cause. "
            "Reading the article here helped me prepare questions for the next appointment.",
        ),
        (
            "",
            "In my case the team thinks it started after a serious infection, but they were careful to say "
            "that this is not proven.",
        ),
    ],
    QuestionKind.SYMPTOMS: [
        ("", "Tiredness is the hardest part for me, more than anything people can see."),
        ("", "It changes from week to week. Keeping a diary of good and bad days helped our doctor a lot."),
        ("", "For our daughter it was mostly feeding and sleep in the first months."),
    ],
    QuestionKind.FIRST_SYMPTOMS: [
        (
            "",
            "Looking back, the first signs were small: more tired than usual, bruising easily. "
            "We only connected them later.",
        ),
        ("", "The first thing we noticed was that he was not gaining weight like his brother had."),
    ],
    QuestionKind.DIAGNOSIS: [
        (
            "",
            "It took almost three years and five doctors before someone put a name to it. "
            "**Ask for a referral to a specialist centre early.**",
        ),
        ("", "Blood tests pointed in the right direction, and a specialist confirmed it with more tests."),
    ],
    QuestionKind.TREATMENTS: [
        (
            "",
            "What helped most was a team that talks to each other: our family doctor, the specialist "
            "and a physiotherapist.",
        ),
        (
            "",
            "The plan changed several times before we found one that works for us. Be patient, and "
            "write down every change and how you felt.",
        ),
    ],
    QuestionKind.NATURAL_TREATMENT: [
        (
            "",
            "I asked about natural remedies. Our doctor said some are harmless, but to always tell the "
            "team, because a few can interfere with medicines.",
        ),
        ("", "Gentle exercise and a regular sleep routine help me feel better. They do not replace the treatment."),
    ],
    QuestionKind.LIFE_EXPECTANCY: [
        (
            "",
            "Every case is different. Our specialist preferred to talk about the next year rather than "
            "numbers, which we found kinder.",
        ),
        ("", "My uncle lived with it into his seventies, with good follow-up."),
    ],
    QuestionKind.HEREDITARY: [
        (Choice.YES, "Two people in my family have it, so for us it clearly runs in the family."),
        (Choice.DEPENDS, "We were told it depends on the type. Genetic counselling helped us understand our own risk."),
        (Choice.NO, "Nobody else in our family has it, and the tests found nothing inherited."),
        (Choice.UNKNOWN, "We are still waiting for the genetic results."),
    ],
    QuestionKind.CONTAGIOUS: [
        (Choice.NO, "No. You cannot catch it from someone. It took time to explain that to my son's school."),
        (Choice.NO, "Not as far as any of our doctors know."),
        (Choice.UNKNOWN, "I am not sure, but nobody around me ever got it from me."),
    ],
    QuestionKind.CURE: [
        (Choice.NO, "Not yet. Treatment keeps it under control, and research is moving."),
        (Choice.DEPENDS, "From what our team told us, it depends on how early it is found."),
        (Choice.UNKNOWN, "I don't know of one, but I follow the research news here."),
    ],
    QuestionKind.CELEBRITIES: [
        ("", "I have not heard of anyone famous with it. It would help if someone spoke about it publicly."),
        ("", "A musician talked about living with it in an interview a few years ago. It meant a lot to us."),
    ],
    QuestionKind.BEST_DOCTORS: [
        ("", "Ask for a centre that is part of a rare disease network. Ours made all the difference."),
        ("", "Our paediatrician was not an expert, but she listened and found the right specialist for us."),
    ],
    QuestionKind.CUSTOM: [
        ("", "In our experience, talking to other families helped more than anything else."),
    ],
}


def create_demo_answers(condition: Condition, *, seed: int = 1) -> int:
    """A few answers to each question of `condition` by its demo members, with some helpful votes;
    return how many answers were added. Questions that already have demo answers are left alone."""
    rng = random.Random(f"diseasemaps-demo-answers:{seed}:{condition.pk}")
    authors = list(
        Membership.objects.filter(condition=condition, member__user__in=demo_users())
        .exclude(member__visibility=Visibility.HIDDEN)
        .select_related("member")
        .order_by("pk")[:500]
    )
    if len(authors) < 2:
        return 0
    answered = set(
        Answer.objects.filter(question__condition=condition, author__in=demo_users()).values_list("question", flat=True)
    )
    now = timezone.now()
    answers, dates = [], []
    questions = list(condition.questions.exclude(pk__in=answered))
    for question in questions:
        pool = DEMO_ANSWERS.get(question.kind, DEMO_ANSWERS[QuestionKind.CUSTOM])
        count = min(rng.randint(*ANSWERS_PER_QUESTION), len(pool), len(authors))
        for (choice, text), author in zip(rng.sample(pool, count), rng.sample(authors, count), strict=True):
            answers.append(demo_answer(question, author, choice, text))
            dates.append(now - rng.random() * (now - author.joined_at))
    with transaction.atomic():
        Answer.objects.bulk_create(answers, ignore_conflicts=True)  # sets created_at to now: dated below
        saved = {(a.question_id, a.author_id): a for a in Answer.objects.filter(question__in=questions)}
        for answer, when in zip(answers, dates, strict=True):
            mine = saved[answer.question_id, answer.author_id]
            Answer.objects.filter(pk=mine.pk).update(created_at=when, updated_at=when)
        add_demo_votes(rng, list(saved.values()), [author.member.user for author in authors])
    Question.objects.filter(condition=condition).touch()
    Condition.objects.filter(pk=condition.pk).touch()
    return len(answers)


def demo_answer(question: Question, author: Membership, choice: str, text: str) -> Answer:
    return Answer(
        question=question,
        author=author.member.user,
        author_name=author.member.display_name,
        author_listed=author.member.visibility == Visibility.LISTED,
        author_role=author.role,
        choice=choice if question.is_closed else "",
        text=text,
        html=render_markdown(text),
    )


def add_demo_votes(rng: random.Random, answers: list[Answer], voters: list) -> None:
    votes = [
        HelpfulVote(answer=answer, voter=voter)
        for answer in answers
        for voter in rng.sample(voters, min(rng.randint(0, VOTES_PER_ANSWER), len(voters)))
        if voter.pk != answer.author_id
    ]
    HelpfulVote.objects.bulk_create(votes, ignore_conflicts=True)
    Answer.objects.filter(pk__in=[answer.pk for answer in answers]).recount_votes()
