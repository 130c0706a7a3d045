"""Every ``FOLLOW*`` setting of follow_links, and ``LINKEDIN_PAGE``: defaults and checks."""

from __future__ import annotations

from urllib.parse import urlsplit

from blogkit.settings import Setting, one_of, optional, switch, text_matching

PROVIDERS = ("plain", "buttondown", "listmonk")
LOCAL_HOSTS = ("127.0.0.1", "localhost")


def form_address(value) -> bool:
    """https, or plain http on this machine only (a stand-in while testing): a subscriber's
    address never crosses the network in the clear."""
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    if not parts.hostname or any(c.isspace() for c in value):
        return False
    return parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in LOCAL_HOSTS)


def web_address(value) -> bool:
    return (
        isinstance(value, str)
        and urlsplit(value).scheme == "https"
        and bool(urlsplit(value).hostname)
    )


SETTINGS = {
    # The "Follow" block after each post and the footer's line; False hides both.
    "FOLLOW_LINKS": switch(True),
    # Where the email subscription form posts; "" shows no form.
    "FOLLOW_EMAIL_FORM_ACTION": Setting(
        "", "an https address (http only for 127.0.0.1 or localhost)", optional(form_address)
    ),
    # Whose documented public form it is: the fields it posts (presenting.PROVIDERS).
    "FOLLOW_EMAIL_PROVIDER": Setting("plain", f"one of {', '.join(PROVIDERS)}", one_of(*PROVIDERS)),
    # listmonk: the list's UUID (its public form's "l" field).
    "FOLLOW_EMAIL_LIST": Setting("", "a list's UUID", optional(text_matching(r"[0-9a-fA-F-]{8,}"))),
    # The blog's LinkedIn page ("https://www.linkedin.com/company/..."); "" shows none.
    "LINKEDIN_PAGE": Setting("", "an https address", optional(web_address)),
}
