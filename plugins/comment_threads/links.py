"""The "add a comment" links: an email or a new file on GitHub, with a filled-in template."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote, urlencode

# Links are made for every post and comment on every build, most as the build before made them.
LINKS_KEPT = 8192


def comment_template(date: str, replyto: str | None = None) -> str:
    """The text a reader fills in: the header of a comment file, then the body."""
    lines = ["Author: Your name", f"Date: {date}", "Website: "]
    if replyto:
        lines.append(f"Replyto: {replyto}")
    return "\n".join([*lines, "", "Your comment, in Markdown (no HTML).", ""])


@lru_cache(maxsize=LINKS_KEPT)
def github_new_file_url(
    repo: str, branch: str, content_dir: str, comments_path: str, slug: str, name: str, value: str
) -> str:
    """GitHub's "create new file" page, name and text filled in: a pull request in two clicks."""
    filename = "/".join(part.strip("/") for part in (content_dir, comments_path, slug, name))
    query = urlencode({"filename": f"{filename}.md", "value": value}, quote_via=quote)
    return f"https://github.com/{repo}/new/{quote(branch)}?{query}"


@lru_cache(maxsize=LINKS_KEPT)
def mailto_url(email: str, slug: str, title: str, value: str) -> str:
    """A mail to the site's owner with the post's slug in the subject and the template as body."""
    subject = f"Comment on {slug}: {title}"
    query = urlencode({"subject": subject, "body": value}, quote_via=quote)
    return f"mailto:{quote(email, safe='@')}?{query}"


def how_comments_are_sent(options: dict) -> str:
    """What "Add a comment" opens, said beside it: the choice ``add_comment_url`` makes."""
    if options["COMMENTS_GITHUB_REPO"]:
        return "it opens a new file on GitHub, ready to send as a pull request."
    return "it opens an email to the editors with a comment form ready to fill in."


def add_comment_url(options: dict, slug: str, title: str, date: str, replyto: str | None) -> str:
    """The link that prepares a new comment (or a reply to ``replyto``) on post ``slug``."""
    value = comment_template(date, replyto)
    if options["COMMENTS_GITHUB_REPO"]:
        name = f"{date[:10]}-your-name" + (f"-reply-to-{replyto}" if replyto else "")
        return github_new_file_url(
            options["COMMENTS_GITHUB_REPO"],
            options["COMMENTS_GITHUB_BRANCH"],
            options["COMMENTS_GITHUB_CONTENT_DIR"],
            options["COMMENTS_PATH"],
            slug,
            name,
            value,
        )
    return mailto_url(options["COMMENTS_EMAIL"], slug, title, value)
