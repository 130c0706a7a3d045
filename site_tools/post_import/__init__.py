"""``invoke import-posts``: posts from a WordPress export (WXR) or an RSS/Atom feed with full
content, as Markdown posts with their images (docs/migrating.md).

``sources`` reads the export or feed into :class:`sources.ImportedPost` (untrusted XML through
defusedxml and feedparser); ``images`` fetches each image, bounded in size and time, and
checks it with Pillow; ``writing`` writes the post, never over a file that is there.
"""
