"""What "Follow" shows: the email form, the feeds, the LinkedIn page, as one value."""

from __future__ import annotations

from dataclasses import dataclass

from blogkit.problems import report
from blogkit.settings import plugin_settings

from .settings import SETTINGS

# Each provider's documented public subscription form: the email field's name and the hidden
# fields it posts. Buttondown: /api/emails/embed-subscribe/<username>, "email" and "embed=1".
# listmonk: <root>/subscription/form, "email", "l" (the list's UUID) and "nonce" left empty
# (a trap for robots: listmonk refuses a form that fills it).
PROVIDERS = {
    "plain": ("email", ()),
    "buttondown": ("email", (("embed", "1"),)),
    "listmonk": ("email", (("nonce", ""), ("l", "{list}"))),
}


@dataclass(frozen=True)
class EmailForm:
    action: str
    email_field: str
    hidden: tuple[tuple[str, str], ...]  # (name, value) of each hidden field


@dataclass(frozen=True)
class Feed:
    label: str
    path: str  # under SITEURL


@dataclass(frozen=True)
class Follow:
    email: EmailForm | None
    feeds: tuple[Feed, ...]
    linkedin: str  # "" when not set

    @property
    def links(self) -> bool:
        """Whether there is a feed or a LinkedIn page to link (the footer's line)."""
        return bool(self.feeds or self.linkedin)


def email_form(options: dict) -> EmailForm | None:
    action = options["FOLLOW_EMAIL_FORM_ACTION"]
    if not action:
        return None
    provider = options["FOLLOW_EMAIL_PROVIDER"]
    if provider == "listmonk" and not options["FOLLOW_EMAIL_LIST"]:
        report("", "FOLLOW_EMAIL_PROVIDER is 'listmonk': set FOLLOW_EMAIL_LIST to the list's UUID")
        return None
    field, hidden = PROVIDERS[provider]
    listed = options["FOLLOW_EMAIL_LIST"]
    filled = tuple((name, value.format(list=listed)) for name, value in hidden)
    return EmailForm(action, field, filled)


def follow(settings: dict) -> Follow | None:
    """What the theme shows; None when ``FOLLOW_LINKS`` is off or there is nothing to follow."""
    options = plugin_settings(settings, SETTINGS)
    if not options["FOLLOW_LINKS"]:
        return None
    feeds = tuple(
        Feed(label, settings[name])
        for label, name in (("Atom feed", "FEED_ALL_ATOM"), ("RSS feed", "FEED_ALL_RSS"))
        if settings.get(name)
    )
    shown = Follow(email_form(options), feeds, options["LINKEDIN_PAGE"])
    return shown if shown.email or shown.links else None


class FollowOfTheBuild:
    """What the build running in this process shows, decided (and its settings checked) as it
    starts: build_guard judges the problems before anything is written."""

    def __init__(self):
        self.follow: Follow | None = None

    def start(self, build) -> None:
        self.follow = follow(build.settings)

    def attach(self, generators) -> None:
        """``FOLLOW`` in the context every page is written with."""
        if generators:
            generators[0].context["FOLLOW"] = self.follow


follow_of_the_build = FollowOfTheBuild()
