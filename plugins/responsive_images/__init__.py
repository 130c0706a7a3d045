"""responsive_images: every photo a post shows, light, sized and safe to publish.

Each local raster image of a post or page (Markdown images, raw ``<img>``, the ``Cover:``)
becomes a ``<picture>`` of AVIF and WebP variants with a JPEG or PNG fallback, at a few
widths up to ``IMAGE_MAX_WIDTH``, with numeric width and height, lazy loading for all but
the first image a reader sees, and no metadata (orientation applied, sRGB). Variants are
kept in ``ASSET_CACHE_PATH`` by content hash; a missing image, a damaged file, a
decompression bomb or missing alt text is one line ``file:line: problem``. See
docs/images.md.
"""

from pelican import signals

from blogkit.outputs import connect_derived_files

from .output import ImageFiles
from .plugin import images_of_the_build as images


def register():
    connect_derived_files(images, ImageFiles)
    signals.static_generator_init.connect(images.watch)
    signals.feed_generated.connect(images.rewrite_feed)
