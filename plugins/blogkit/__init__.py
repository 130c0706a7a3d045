"""blogkit: what every plugin of the site shares. A package, not a plugin: it has no register().

- ``problems``: content problems reported as ``file:line: problem`` and collected for the build;
  build_guard decides what they do (strict builds stop, dev builds show them and go on).
- ``datafile``: the one reader of the site's YAML data files (line numbers, bounded work).
- ``web``, ``slugs``, ``paths``: web addresses, slugs and file paths checked one way.
- ``posts``: the site's posts as the tasks see them, and the index from URL paths to posts.
- ``settings``: plugin settings with their defaults, and the site's settings files read once.
- ``clock``: the build's "now" (``SOURCE_DATE_EPOCH``); ``content``: every article of a build.
- ``lazy``: heavy modules loaded on first use (and warmed by parallel_build while it waits).
- ``pelican_internals``: every place the site touches Pelican's internals, pinned and tested.

It imports no plugin; plugins import it and never each other.
"""
