"""Fuzzing the API with schemathesis: for every operation of /api/schema/, valid and invalid requests,
anonymous and signed in, in a small world of real objects. No answer may be a server error, and
every answer must match what the schema documents (status code, content type, body).

The run is deterministic (derandomised) and short enough for every test run; set FUZZ_EXAMPLES
(default 15) to explore further, e.g. `FUZZ_EXAMPLES=200 pytest tests/project/test_api_fuzz.py`.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.urls import reverse
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis import Case, GenerationMode
from schemathesis.specs.openapi.checks import ignored_auth, positive_data_acceptance
from werkzeug.test import Client as WsgiClient

from community.models import Visibility
from community.models.connections import Connection
from conditions.roles import Role
from conditions.standard_questions import QuestionKind
from tests.factories import MembershipFactory, client_for, make_member

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "15"))
FUZZ_SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def world(condition, draft_condition, places, alice, bob) -> dict:
    """Alice and Bob on a condition's map, connected, with messages and an answer by Bob; a member who
    is counted but not named in Munich; a draft condition. Ids the fuzzer may aim at, by parameter name."""
    MembershipFactory(member=alice.profile, condition=condition, role=Role.PATIENT)
    MembershipFactory(member=bob.profile, condition=condition, role=Role.FAMILY)
    counted = make_member("dora", "Dora Counted", places["munich"], visibility=Visibility.COUNTED)
    MembershipFactory(member=counted, condition=condition)
    treatment = condition.questions.get(kind=QuestionKind.NATURAL_TREATMENT)
    hereditary = condition.questions.get(kind=QuestionKind.HEREDITARY)
    connection = Connection.objects.request(alice.profile, bob.profile, "Hello")
    connection.accept(bob.profile)
    connection.send(alice.profile, "How are you?")
    message = connection.send(bob.profile, "Fine, thanks.")
    bob_answer = bob.profile.memberships.get().answer(treatment, "Rest helped.", "")
    members = [str(bob.profile.public_id), str(counted.public_id)]
    return {
        "path": {
            "slug": [condition.slug, draft_condition.slug],
            "question_id": [treatment.pk, hereditary.pk],
            "answer_id": [bob_answer.pk],
            "connection_id": [str(connection.public_id)],
            "member_id": members,
            "place_id": [places["valencia"].pk, places["munich"].pk],
        },
        "body": {
            "member": members,
            "connection": [str(connection.public_id)],
            "message": [message.pk],
            "condition": [condition.slug, draft_condition.slug],
            "place": [places["munich"].pk],
        },
    }


def with_real_ids(values: dict, real: dict[str, list]) -> st.SearchStrategy[dict]:
    """Ids of real objects for the names in `values` that name one (none if there are none)."""
    names = [name for name in values if name in real] if isinstance(values, dict) else []
    return st.fixed_dictionaries({name: st.sampled_from(real[name]) for name in names})


def aim_at_real_objects(context, case: Case) -> st.SearchStrategy[Case]:
    """A valid request, as generated or aimed at real objects (invalid requests stay as they are)."""
    if case.meta is None or case.meta.generation.mode is not GenerationMode.POSITIVE:
        return st.just(case)

    def aimed(ids: dict) -> Case:
        case.path_parameters = {**(case.path_parameters or {}), **ids["path"]}
        if ids["body"]:
            case.body = {**case.body, **ids["body"]}
        return case

    real_ids = st.fixed_dictionaries(
        {
            "path": with_real_ids(case.path_parameters, REAL_OBJECTS["path"]),
            "body": with_real_ids(case.body, REAL_OBJECTS["body"]),
        }
    )
    return st.one_of(st.just(case), real_ids.map(aimed))


def load_schema(*, coverage: bool):
    """The API's schema, read when the tests are collected; its hook finds each test's world in REAL_OBJECTS."""
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
    # Unknown query parameters are ignored, as is usual; the session cookie is ours to send.
    schema.config.generation.update(allow_extra_parameters=False, with_security_parameters=False)
    # The coverage phase sends each field's edge cases (NUL, huge, wrong types...), beside the random ones.
    schema.config.phases.coverage.enabled = coverage
    schema.hook("flatmap_case")(aim_at_real_objects)
    return schema


REAL_OBJECTS: dict[str, dict[str, list]] = {"path": {}, "body": {}}
# Signed out, every write is a 403 before its body is read: random requests are enough.
anonymous_schema = load_schema(coverage=False)
member_schema = load_schema(coverage=True)


@pytest.fixture(autouse=True)
def real_objects(world, caplog):
    caplog.set_level("ERROR", logger="django.request")  # thousands of 4xx are expected; 5xx still log
    REAL_OBJECTS.update(world)
    yield
    REAL_OBJECTS.update({"path": {}, "body": {}})


@pytest.fixture(autouse=True)
def one_connection():
    """As Django's test client does: requests keep the test's database connection (and its transaction) open."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def signed_in(alice) -> dict:
    """Alice's session cookie and a CSRF token, as a browser sends them."""
    session = client_for(alice).cookies["sessionid"].value
    request = RequestFactory().get(reverse("api:root"))
    token = get_token(request)
    cookies = {"sessionid": session, "csrftoken": request.META["CSRF_COOKIE"]}
    return {"cookies": cookies, "headers": {**PLAIN, "X-CSRFToken": token}}


# The test client does not unzip what the map endpoints gzip for clients that accept it.
PLAIN = {"Accept-Encoding": "identity"}
# Valid requests may still be refused with a 400 (a wrong password, a request already answered).
NOT_CHECKED = [positive_data_acceptance]


@anonymous_schema.parametrize()
@FUZZ_SETTINGS
def test_anonymous_requests(case):
    case.call_and_validate(headers=PLAIN, excluded_checks=NOT_CHECKED)


@member_schema.parametrize()
@FUZZ_SETTINGS
def test_signed_in_requests(case, signed_in):
    # Signed in, the session cookie is sent with every request: "without auth" is the anonymous test.
    case.call_and_validate(
        cookies=signed_in["cookies"], headers=signed_in["headers"], excluded_checks=[*NOT_CHECKED, ignored_auth]
    )


def test_the_signed_in_fuzzer_gets_past_authentication_and_csrf(signed_in, alice):
    """Otherwise every signed-in write would stop at a 403 and the fuzzer would test nothing else."""
    client = WsgiClient(get_wsgi_application())
    for name, value in signed_in["cookies"].items():
        client.set_cookie(name, value, domain="localhost")
    response = client.patch("/api/me/", json={"about": "Fuzzed."}, headers=signed_in["headers"])
    assert response.status_code == 200, response.get_data()
    alice.profile.refresh_from_db()
    assert alice.profile.about == "Fuzzed."
    without_token = client.patch("/api/me/", json={"about": "Forged."})
    assert without_token.status_code == 403
    assert "CSRF" in without_token.json["detail"]
