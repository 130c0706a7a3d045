"""Settings for publishing: everything in pelicanconf.py, plus the site's real address.

`SITEURL` comes from the environment (CI reads it from the GitHub Pages
configuration) so that the same file serves every host.
"""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("SITEURL", "").rstrip("/")
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL

# Published posts count their views (view_counts, docs/view-counts.md) only in builds of the
# live site: CI's deploy runs, `invoke publish` and `invoke gh-pages` set SITE_DEPLOY=1;
# pull-request previews, `invoke preview` and a `ci-build` run by hand do not.
VIEW_COUNTS_LIVE = os.environ.get("SITE_DEPLOY") == "1"

# A publish build stops on any broken post, comment or data file.
BUILD_GUARD_STRICT = True
DELETE_OUTPUT_DIRECTORY = True
LOAD_CONTENT_CACHE = False

# Publishing without GitHub Actions (README, "Deploying"): `invoke publish` sends the checked
# site with rsync over SSH, `invoke gh-pages` commits it to a branch with ghp-import and pushes.
PUBLISH_RSYNC_TARGET = os.environ.get("PUBLISH_RSYNC_TARGET", "")  # user@host:/var/www/site/
GH_PAGES_REMOTE = os.environ.get("GH_PAGES_REMOTE", "origin")  # a remote name or URL
GH_PAGES_BRANCH = os.environ.get("GH_PAGES_BRANCH", "gh-pages")
