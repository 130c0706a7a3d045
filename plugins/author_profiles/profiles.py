"""authors.yaml read through blogkit's data-file reader, each entry checked, one line a problem.

The file maps an author's name, as posts write it in ``Author:``, to their profile. A problem
in an entry leaves that author without a profile (just a name) and is reported at its line;
a publish build stops on it (build_guard).
"""

from __future__ import annotations

import difflib

import markdown
import nh3
from markupsafe import Markup
from pydantic import ValidationError

from blogkit import datafile
from blogkit.images import ImageRequest, Slot, content_file
from blogkit.problems import ContentError, report_error

from .model import AuthorSchema, Profile

BIO_TAGS = {"p", "a", "em", "strong", "code", "br"}


def read_profiles(path: str, content_root: str, options: dict) -> dict[str, tuple[Profile, int]]:
    """``{name: (profile, line)}`` for every valid entry; each problem reported, entry left out."""
    try:
        root = datafile.read(path)
    except ContentError as error:
        report_error(error)
        return {}
    if root is None:
        return {}
    if not isinstance(root, datafile.Mapping):
        report_error(
            ContentError(path, "expected a mapping of author names to profiles", root.line)
        )
        return {}
    profiles: dict[str, tuple[Profile, int]] = {}
    seen: dict[str, int] = {}  # every name's first line, valid entry or not
    for key, value in root.pairs:
        try:
            name = entry_name(path, key, seen)
            profiles[name] = (profile(path, name, value, content_root, options), key.line)
        except ContentError as error:
            report_error(error)
    return profiles


def entry_name(path: str, key, seen: dict[str, int]) -> str:
    name = datafile.text(key)
    if not isinstance(key, datafile.Scalar) or not name or not name.strip():
        raise ContentError(path, "an author's name must be plain text", key.line)
    if name in seen:
        message = f"author {name!r} appears twice (first on line {seen[name]})"
        raise ContentError(path, message, key.line)
    seen[name] = key.line
    return name


def profile(path: str, name: str, node, content_root: str, options: dict) -> Profile:
    """One entry checked field by field; the first problem is raised with its line."""
    if isinstance(node, datafile.Scalar) and node.is_null:
        node = datafile.Mapping((), node.line)
    if not isinstance(node, datafile.Mapping):
        raise ContentError(path, f"{name!r}: expected fields (role: ..., bio: ...)", node.line)
    lines = {datafile.text(key): key.line for key, _ in node.pairs}
    fields = {datafile.text(key): datafile.plain(value) for key, value in node.pairs}
    try:
        data = AuthorSchema.model_validate(fields)
    except ValidationError as error:
        problem, field = describe(error.errors()[0])
        raise ContentError(path, problem, lines.get(field, node.line)) from None
    bio = data.bio or ""
    if len(bio) > options["AUTHOR_BIO_LIMIT"]:
        limit = options["AUTHOR_BIO_LIMIT"]
        raise ContentError(
            path, f"bio is {len(bio)} characters: keep it under {limit}", lines["bio"]
        )
    bio_html = render_bio(bio)
    photo = None
    if data.photo:
        photo = portrait(path, name, data.photo, lines["photo"], content_root, options)
    return Profile(
        name=name,
        role=data.role or "",
        bio_html=bio_html,
        bio_text=bio_html.striptags(),
        linkedin=data.linkedin,
        website=data.website,
        photo=photo,
    )


def portrait(path, name, written, line, content_root, options) -> ImageRequest:
    """The photo's file, checked here; responsive_images makes and fills in its variants."""
    file = content_file(path, written, line, content_root, "photo")
    return ImageRequest(
        path=file,
        written=written,
        origin=path,
        line=line,
        widths=tuple(options["AUTHOR_PORTRAIT_WIDTHS"]),
        slots={"page": Slot("7rem", f"Portrait of {name}", first=True), "card": Slot("4rem")},
        inline_width=options["AUTHOR_INLINE_PORTRAIT_WIDTH"],
    )


def describe(error: dict) -> tuple[str, str | None]:
    """One sentence for a pydantic error, and the field whose line it belongs to."""
    field = str(error["loc"][0]) if error["loc"] else None
    kind = error["type"]
    if kind == "extra_forbidden":
        known = list(AuthorSchema.model_fields)
        close = difflib.get_close_matches(field, known, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"known fields: {', '.join(known)}"
        return f"unknown field {field!r} ({hint})", field
    if kind == "value_error":
        return str(error["ctx"]["error"]), field
    if kind in ("string_too_short", "string_type") and not error.get("input"):
        return f"{field} is empty", field
    return f"{field}: {error['msg'].lower()}", field


def render_bio(text: str) -> Markup:
    """A bio's Markdown as HTML, sanitized: paragraphs, emphasis, links, nothing that runs."""
    if not text.strip():
        return Markup("")
    rendered = markdown.markdown(text, output_format="html")
    return Markup(nh3.clean(rendered, tags=BIO_TAGS, url_schemes={"http", "https", "mailto"}))
