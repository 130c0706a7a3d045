"""Seeded synthetic photos for tests and benchmarks: the same pixels, byte for byte, every run.

Each "photo" is a landscape-like scene (sky gradient, hills, sun, a little sensor noise),
detailed enough that encoders work as they would on a real photo, with no real place or
person in it. ``phone_jpeg`` saves one the way a phone does: EXIF with GPS coordinates and
an orientation, an XMP packet, a comment and a colour profile.
"""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageCms, ImageDraw

GPS_IFD = 0x8825
ORIENTATION = 0x0112
# A place in no one's garden: a point in the North Sea.
GPS = {1: "N", 2: (55.0, 30.0, 0.0), 3: "E", 4: (3.0, 15.0, 0.0)}
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'


def photo(width: int, height: int, seed: int) -> Image.Image:
    """An RGB scene of ``width`` x ``height`` pixels, the same for the same seed."""
    rng = random.Random(seed)
    top = (rng.randrange(60, 140), rng.randrange(120, 200), 255)
    bottom = (255, rng.randrange(180, 240), rng.randrange(120, 200))
    sky = Image.linear_gradient("L").resize((width, height))
    image = Image.composite(Image.new("RGB", (width, height), bottom),
                            Image.new("RGB", (width, height), top), sky)  # fmt: skip
    draw = ImageDraw.Draw(image)
    sun = rng.randrange(width // 16, width // 8)
    x, y = rng.randrange(width), rng.randrange(height // 3)
    draw.ellipse((x - sun, y - sun, x + sun, y + sun), fill=(255, 236, 170))
    for layer in range(4):
        base = height * (0.45 + 0.12 * layer)
        points = [(0, height)]
        for step in range(0, width + 1, max(1, width // 24)):
            points.append((step, base + rng.uniform(-0.12, 0.08) * height))
        points.append((width, height))
        shade = 40 + 30 * layer
        draw.polygon(points, fill=(shade // 2, shade + rng.randrange(40), shade // 3))
    grain = Image.effect_noise((width // 2, height // 2), 24).resize((width, height))
    return Image.blend(image, grain.convert("RGB"), 0.06)


def phone_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "Synthetic Camera Co."
    exif[GPS_IFD] = GPS
    return exif


def phone_jpeg(path: Path, image: Image.Image, orientation: int = 1) -> Path:
    """Save as a phone would: GPS in the EXIF, orientation, XMP, a comment, a profile."""
    path.parent.mkdir(parents=True, exist_ok=True)
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    image.save(path, "JPEG", quality=92, exif=phone_exif(orientation), xmp=XMP,
               comment=b"shot on a synthetic phone", icc_profile=profile)  # fmt: skip
    return path


def write_photos(folder: Path, count: int, size=(2400, 1600), seed: int = 2026) -> list[Path]:
    """``count`` phone JPEGs ``photo-01.jpg``... in ``folder``."""
    return [
        phone_jpeg(folder / f"photo-{index:02d}.jpg", photo(*size, seed + index))
        for index in range(1, count + 1)
    ]
