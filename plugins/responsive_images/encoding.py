"""Pillow's part: each source checked, turned upright into sRGB, and encoded to its variants.

A job runs in a worker process (or in the build's own process when there is one job) and
returns an :class:`Outcome`: the manifest of the files it made in the asset cache, or why the
source cannot be used, as the end of a one-line problem. Whatever the source holds, nothing
of its metadata is written out: every image is saved from pixels alone (no EXIF, GPS, XMP or
comments), after its EXIF orientation is applied and its colour profile converted to sRGB.
A source with more pixels than ``IMAGE_MAX_PIXELS`` (all frames counted) is refused from its
header, before a single pixel is decoded.
"""

from __future__ import annotations

import io
import math
import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, ImageSequence

from blogkit.asset_cache import make_entry

from .variants import Manifest, Variant

ACCEPTED = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "AVIF": "AVIF", "GIF": "GIF"}
SRGB = ImageCms.createProfile("sRGB")
ROTATED = {5, 6, 7, 8}  # EXIF orientations that swap width and height
MIME = {"AVIF": "image/avif", "WEBP": "image/webp", "JPEG": "image/jpeg", "PNG": "image/png",
        "GIF": "image/gif"}  # fmt: skip
EXTENSION = {"AVIF": "avif", "WEBP": "webp", "JPEG": "jpg", "PNG": "png", "GIF": "gif"}
# A tiny copy written into a page (a data: URI holds one format): at 100 pixels WebP is smaller
# than AVIF, whose container alone is about 300 bytes, and every current browser decodes it.
INLINE_KIND = "WEBP"
# A published original keeps its format, at a quality that keeps what the author saw.
ORIGINAL_QUALITY = {"JPEG": 90, "WEBP": 90, "AVIF": 75}


class ImageProblem(Exception):
    """Why a source cannot be used; its text ends the line ``image 'x' ...``."""


@dataclass(frozen=True)
class Job:
    """One source to encode into ``folder`` (its key's folder in the asset cache)."""

    source: str
    folder: str
    widths: tuple[int, ...]
    max_width: int
    quality: dict
    avif_speed: int
    max_pixels: int
    original: bool = False  # a clean copy in the source's own format, instead of variants
    inline: bool = False  # only INLINE_KIND, for a data: URI


@dataclass(frozen=True)
class Outcome:
    manifest: Manifest | None = None
    problem: str = ""


def run(job: Job) -> Outcome:
    """Encode one job; a bad source is an Outcome with its problem, never an exception."""
    try:
        with own_pixel_limit(), open_checked(job.source, job.max_pixels) as image:
            return Outcome(encode(image, job))
    except ImageProblem as problem:
        return Outcome(problem=str(problem))
    except Exception as error:  # any decoder error on damaged data: one line, not a traceback
        return Outcome(problem=f"is damaged: {_first_line(error)}")


def _first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


@contextmanager
def own_pixel_limit():
    """Pillow's size check off while ``open_checked`` applies ``IMAGE_MAX_PIXELS`` itself.

    Pillow refuses only twice its limit (and warns below that), and without the size.
    """
    saved, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
    try:
        yield
    finally:
        Image.MAX_IMAGE_PIXELS = saved


def open_checked(path: str, max_pixels: int) -> Image.Image:
    """The image with only its header read, refused when its format or size is not allowed."""
    try:
        image = Image.open(path)
    except Image.UnidentifiedImageError:
        raise ImageProblem("is not an image file Pillow can read") from None
    except OSError as error:
        raise ImageProblem(f"cannot be read: {error.strerror or error}") from None
    if image.format not in ACCEPTED:
        image.close()
        raise ImageProblem(f"is a {image.format} image: use {', '.join(ACCEPTED.values())}")
    width, height = image.size
    frames = getattr(image, "n_frames", 1)
    if width * height * frames > max_pixels:
        image.close()
        what = f"{width:,} x {height:,} pixels" + (f" x {frames:,} frames" if frames > 1 else "")
        raise ImageProblem(f"is {what}, more than IMAGE_MAX_PIXELS ({max_pixels:,}): refused")
    return image


def encode(image: Image.Image, job: Job) -> Manifest:
    """Every file of the job, made as the key's entry in the asset cache."""
    make = clean_original if job.original else variants
    fields = make_entry(job.folder, lambda building: make(image, job, building).fields())
    return Manifest.from_fields(fields)


def displayed_size(image: Image.Image) -> tuple[int, int]:
    """Width and height once the EXIF orientation is applied."""
    width, height = image.size
    orientation = image.getexif().get(0x0112, 1)
    return (height, width) if orientation in ROTATED else (width, height)


def variant_widths(width: int, job: Job) -> list[int]:
    """The job's widths below the image's (capped at the maximum), and that cap itself."""
    top = min(width, job.max_width)
    return sorted({w for w in job.widths if w < top} | {top})


def variants(image: Image.Image, job: Job, folder: Path) -> Manifest:
    width = displayed_size(image)[0]
    widths = variant_widths(width, job)
    if getattr(image, "is_animated", False):
        return animated_variants(image, job, folder, widths)
    # JPEG decodes straight to a smaller scale when the largest variant needs no more.
    scale = widths[-1] / width
    image.draft(None, (math.ceil(image.width * scale), math.ceil(image.height * scale)))
    upright = upright_srgb(image)
    fallback = "PNG" if upright.mode == "RGBA" else "JPEG"
    kinds = (INLINE_KIND,) if job.inline else ("AVIF", "WEBP", fallback)
    made = []
    for size in widths:
        resized = resize(upright, size)
        for kind in kinds:
            made.append(save(resized, folder, f"{size}.{EXTENSION[kind]}", kind, job))
    return Manifest(tuple(made))


def animated_variants(image, job: Job, folder: Path, widths: list[int]) -> Manifest:
    """An animation stays one: animated AVIF and WebP, and a GIF for everything else."""
    frames, durations = animation(image)
    loop = image.info.get("loop")
    made = []
    for size in widths:
        first, *rest = [resize(frame, size) for frame in frames]
        timing = {"save_all": True, "append_images": rest, "duration": durations}
        for kind, looping in (("AVIF", {}), ("WEBP", {"loop": 1 if loop is None else loop}),
                              ("GIF", {} if loop is None else {"loop": loop})):  # fmt: skip
            options = {**timing, **looping, **({"disposal": 2} if kind == "GIF" else {})}
            made.append(save(first, folder, f"{size}.{EXTENSION[kind]}", kind, job, options))
    return Manifest(tuple(made))


def clean_original(image: Image.Image, job: Job, folder: Path) -> Manifest:
    """The source in its own format and size, upright, in sRGB, with no metadata left."""
    kind = image.format
    name = f"original.{EXTENSION[kind]}"
    if getattr(image, "is_animated", False):
        frames, durations = animation(image)
        options = {"save_all": True, "append_images": frames[1:], "duration": durations}
        return Manifest((save(frames[0], folder, name, kind, job, options, original=True),))
    upright = upright_srgb(image, "RGB" if kind == "JPEG" else None)
    return Manifest((save(upright, folder, name, kind, job, original=True),))


def animation(image: Image.Image) -> tuple[list[Image.Image], list[int]]:
    """Every frame (upright, sRGB, RGBA) and how long each one shows, in ms."""
    frames, durations = [], []
    for frame in ImageSequence.Iterator(image):
        durations.append(frame.info.get("duration", 100))
        frames.append(upright_srgb(frame.copy(), "RGBA"))
    return frames, durations


def upright_srgb(image: Image.Image, mode: str | None = None) -> Image.Image:
    """Orientation applied, colours in sRGB, RGB or RGBA (RGBA only where pixels show through).

    The result carries no metadata at all: nothing of the source can reach a saved file.
    """
    image = ImageOps.exif_transpose(image)
    mode = mode or ("RGBA" if _shows_through(image) else "RGB")
    icc = image.info.get("icc_profile")
    converted = None
    if icc and image.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            source_profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted = ImageCms.profileToProfile(image, source_profile, SRGB, outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            converted = None  # a broken profile: take the pixels as they are
    converted = converted or image.convert(mode)
    converted.info = {}
    return converted


def _shows_through(image: Image.Image) -> bool:
    if not image.has_transparency_data:
        return False
    return image.convert("RGBA").getchannel("A").getextrema()[0] < 255


def resize(image: Image.Image, width: int) -> Image.Image:
    if width == image.width:
        return image
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)


def save(image, folder: Path, name: str, kind: str, job: Job, options=None, original=False):
    """One file, saved with the job's quality for its format and nothing but its pixels."""
    quality = ORIGINAL_QUALITY if original else {key.upper(): q for key, q in job.quality.items()}
    settings = {
        "AVIF": {"quality": quality.get("AVIF"), "speed": job.avif_speed, "max_threads": 1},
        "WEBP": {"quality": quality.get("WEBP"), "method": 4},
        "JPEG": {"quality": quality.get("JPEG"), "optimize": True, "progressive": True},
        "PNG": {"optimize": True},
        "GIF": {"optimize": False},
    }[kind]
    path = folder / name
    image.save(path, kind, **settings, **(options or {}))
    return Variant(image.width, image.height, MIME[kind], name, os.path.getsize(path))
