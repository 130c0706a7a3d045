"""blogkit: what every plugin of the site shares. A package, not a plugin: it has no register().

- ``lifecycle``: what each plugin's per-build state starts on, however many builds a process
  runs (``pelican --autoreload``, the dev server's builder).
- ``problems``: content problems reported as ``file:line: problem`` and collected for the build;
  build_guard decides what they do (strict builds stop, dev builds show them and go on).
- ``settings``: each plugin's settings in one checked table, and the site's settings files.
- ``datafile``: the one reader of the site's YAML data files (line numbers, bounded work).
- ``web``, ``slugs``, ``paths``: web addresses, slugs and file paths checked one way.
- ``content``: every article and page of a build; ``posts``: the site's posts as the tasks see
  them, and the index from URL paths to posts; ``labels``: "5 views", "1 comment".
- ``clock``: the build's "now" (``SOURCE_DATE_EPOCH``).
- ``images``: an image a plugin asks responsive_images for (an author's portrait).
- ``processes``: work shared by every CPU; ``outputs``: derived files placed in the output;
  ``pages``: a plugin's own page (the events page, the search page).
- ``lazy``: heavy modules loaded on first use (and warmed by parallel_build while it waits).
- ``pelican_internals``: every place the site touches Pelican's internals, a module per user,
  pinned and tested.

It imports no plugin; plugins import it and never each other.
"""
