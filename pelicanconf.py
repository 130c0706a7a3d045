"""Settings for local builds and the dev server.

`publishconf.py` imports everything here and overrides what differs when the
site is published. Every feature of the theme and plugins is switched by a
setting below, with its default in the plugin that reads it.
"""

import os

SITENAME = "The Connected Professional"
SITESUBTITLE = "Networking before you need it"
SITEDESCRIPTION = (
    "A professional-networking blog: stories, habits and events for building "
    "relationships before you need them."
)
AUTHOR = "The Editors"
SITEURL = ""  # root-relative links while developing; publishconf.py sets the real address
FEED_DOMAIN = "http://localhost:8000"  # feeds need absolute links: the dev server's address

PATH = "content"
ARTICLE_PATHS = ["posts"]
PAGE_PATHS = ["pages"]
# Folders under content/ that hold data, not posts: never read as articles or pages.
ARTICLE_EXCLUDES = ["data", "comments", "extra"]
PAGE_EXCLUDES = ["data", "comments", "extra"]
STATIC_PATHS = ["images", "extra/CNAME"]
# A custom domain: content/extra/CNAME (one line, the domain) is published at the site's root.
EXTRA_PATH_METADATA = {"extra/CNAME": {"path": "CNAME"}}
TIMEZONE = "America/New_York"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%B %-d, %Y"

THEME = "theme"
PLUGIN_PATHS = ["plugins"]
PLUGINS = [
    "pelican.plugins.neighbors",
    "build_guard",  # first of ours: it judges the problems every plugin reports
    "blog_core",  # reading time; JSON-LD and presenters once every plugin has attached its data
    "view_counts",
    "event_listing",
    "comment_threads",
    "responsive_images",  # every post's photos as light, sized <picture>s (docs/images.md)
    "site_search",  # the search page, the header form and the marks of what Pagefind indexes
    "author_profiles",  # after responsive_images: authors' portraits are made there
    "share_cards",  # after both: cards show covers and portraits (docs/share-cards.md)
    "post_series",  # Series: parts in order, a box, a page per series (docs/reading-on.md)
    "follow_links",  # "Follow": email form, feeds, LinkedIn (docs/reading-on.md)
    "related_posts",  # "Read next" under each post (docs/reading-on.md)
    "code_blocks",  # the code colours, light and dark, on pages with code (docs/theme.md)
    "old_addresses",  # a redirect page at each old address (docs/migrating.md)
    "link_check",  # after every plugin listing files it writes (docs/migrating.md)
    "parallel_build",  # Markdown and pages shared with worker processes (same output, sooner)
]
# Every build runs in a fresh process, so templates need not be re-checked on disk per include.
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "autoescape": True,
    "auto_reload": False,
}

# Pretty URLs: /slug/ rather than /slug.html.
ARTICLE_URL = "{slug}/"
ARTICLE_SAVE_AS = "{slug}/index.html"
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = "category/{slug}/index.html"
CATEGORIES_URL = "categories/"
CATEGORIES_SAVE_AS = "categories/index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = "tag/{slug}/index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
AUTHOR_URL = "author/{slug}/"
AUTHOR_SAVE_AS = "author/{slug}/index.html"
AUTHORS_URL = "authors/"
AUTHORS_SAVE_AS = "authors/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
YEAR_ARCHIVE_URL = "archives/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "archives/{date:%Y}/index.html"
MONTH_ARCHIVE_URL = "archives/{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = "archives/{date:%Y}/{date:%m}/index.html"

DIRECT_TEMPLATES = ["index", "tags", "categories", "authors", "archives", "sitemap"]
SITEMAP_SAVE_AS = "sitemap.xml"
TEMPLATE_PAGES = {"404.html": "404.html", "robots.txt": "robots.txt"}

DEFAULT_PAGINATION = 5  # the home page: the newest few posts
# Tag, category and author pages list more per page: a phone scrolls well, and every extra page
# is a file written on every build (a 1,000-post site has a few thousand of them).
TERM_PAGINATION = 20
PAGINATED_TEMPLATES = {
    "index": None,
    "tag": TERM_PAGINATION,
    "category": TERM_PAGINATION,
    "author": TERM_PAGINATION,
}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# Feeds: site-wide, per category and per tag, in Atom and RSS.
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/category/{slug}.atom.xml"
CATEGORY_FEED_RSS = "feeds/category/{slug}.rss.xml"
TAG_FEED_ATOM = "feeds/tag/{slug}.atom.xml"
TAG_FEED_RSS = "feeds/tag/{slug}.rss.xml"
AUTHOR_FEED_ATOM = "feeds/author/{slug}.atom.xml"  # linked on each author's page
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
FEED_MAX_ITEMS = 20
RSS_FEED_SUMMARY_ONLY = False  # full text: a newsletter tool sends posts from the feed

# Pelican's own Markdown set. Heading ids (the toc extension) would cost ~5% of a build.
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.codehilite": {"css_class": "highlight", "guess_lang": False},
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
    },
    "output_format": "html5",
}

# Theme switches (docs/settings.md and docs/theme.md say what each one does).
MENUITEMS = []  # extra (title, url) pairs appended to the navigation
DISPLAY_PAGES_ON_MENU = True
DISPLAY_CATEGORIES_ON_MENU = False
SHARE_LINKS = ["linkedin", "email", "copy"]  # order and choice of share links; [] hides them
SHOW_READING_TIME = True
READING_WORDS_PER_MINUTE = 230
SHOW_POST_NAVIGATION = True  # previous/next links under a post

# comment_threads: comments are files in content/comments/<post-slug>/ (docs/comments.md).
COMMENTS_PATH = "comments"
COMMENTS_EMAIL = "comments@theconnectedprofessional.example"  # where "Add a comment" mails
COMMENTS_GITHUB_REPO = ""  # "owner/repo": "Add a comment" opens a pre-filled file on GitHub
COMMENTS_GITHUB_BRANCH = "main"
# Isso's address: a comment form under every open post (docs/comments.md). "": the links above.
COMMENTS_ISSO_URL = os.environ.get("COMMENTS_ISSO_URL", "").rstrip("/")
COMMENTS_FEED_ATOM = "feeds/comments/{slug}.atom.xml"
COMMENTS_ALL_FEED_ATOM = "feeds/comments.atom.xml"

# build_guard: broken content warns and the build goes on here; publishconf.py makes it fatal.
BUILD_GUARD_STRICT = False

# event_listing: the events page and calendar feeds (defaults in plugins/event_listing/settings.py).
EVENTS_FILE = "data/events.yaml"  # relative to the content folder, or absolute
EVENTS_ON_HOME = 3  # upcoming events on the home page; 0 hides the box
# site_search: Pagefind indexes the built site (docs/search.md). Off here so a save rebuilds fast;
# `invoke search-index` indexes output/ when asked. publishconf.py turns it on.
SEARCH_INDEX = False
# author_profiles: roles, bios, portraits and links from content/data/authors.yaml.
AUTHORS_FILE = "data/authors.yaml"
# share_cards: the image a shared link shows (defaults in plugins/share_cards/settings.py).
SHARE_CARDS = True  # False skips drawing (and og:image) in a dev build in a hurry
# view_counts: "N views" from content/data/views.yaml (docs/view-counts.md).
VIEW_COUNTS_FILE = "data/views.yaml"
VIEW_COUNTS_MISSING = "hide"  # a post without data shows no number; "zero" shows "0 views"

# Content caching keeps one-post rebuilds fast while writing.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = ".cache/pelican"
GZIP_CACHE = False  # a bigger cache on disk, but no time spent compressing it on every build

DELETE_OUTPUT_DIRECTORY = False
