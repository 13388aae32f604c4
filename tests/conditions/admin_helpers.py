"""What the admin tests share: the changelists, and reading and posting admin forms."""

from __future__ import annotations

from django.urls import reverse

CONDITIONS_CHANGELIST = "admin:conditions_condition_changelist"
ARTICLES_CHANGELIST = "admin:conditions_article_changelist"
QUESTIONS_CHANGELIST = "admin:conditions_question_changelist"
DRAFT_BANNER = "This article is a draft"


def admin_form_data(response) -> dict:
    """The POST data the admin change form in `response` would send unchanged (inline extra forms left out)."""
    data: dict = {}

    def add(form) -> None:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for form in formset.initial_forms:
            add(form)
        data[f"{formset.prefix}-TOTAL_FORMS"] = formset.initial_form_count()
        data[f"{formset.prefix}-INITIAL_FORMS"] = formset.initial_form_count()
        data[f"{formset.prefix}-MIN_NUM_FORMS"] = 0
        data[f"{formset.prefix}-MAX_NUM_FORMS"] = 1000
    return data


def inline_prefixes(response) -> list[str]:
    return [inline.formset.prefix for inline in response.context["inline_admin_formsets"]]


def add_inline_row(data: dict, prefix: str, **fields) -> None:
    """Append one new row to the inline formset `prefix` in `data`."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    for name, value in fields.items():
        data[f"{prefix}-{index}-{name}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = index + 1


def run_action(client, changelist: str, action: str, *objects):
    return client.post(reverse(changelist), {"action": action, "_selected_action": [obj.pk for obj in objects]})


def action_names(response) -> set[str]:
    return {name for name, _label in response.context["action_form"].fields["action"].choices if name}
