"""What a member is told, on the page and in the API, when they wrote, voted or reported more often
than community/limits.py allows."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

LIMIT_MESSAGES = {
    "answer": gettext_lazy("You have written many answers in the last hour. Please try again later."),
    "vote": gettext_lazy("You have voted many times in the last hour. Please try again later."),
    "report": gettext_lazy("You have sent many reports today. Curators will look at them; try again tomorrow."),
}
