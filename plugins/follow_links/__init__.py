"""follow_links: how a reader follows the blog, decided once per build.

``FOLLOW`` in the context (``presenting.Follow``): the email subscription form (a plain HTML
form posting to ``FOLLOW_EMAIL_FORM_ACTION`` with the fields its provider documents: a preset
per provider in ``presenting.PROVIDERS``), the site's feeds and the LinkedIn page. The theme
shows it after each post and in the footer. A form address that is not https (plain http only
for 127.0.0.1 and localhost) is one line naming the setting, and a publish build stops. See
docs/reading-on.md.
"""

from pelican import signals

from blogkit import lifecycle

from .presenting import follow_of_the_build as follow


def register():
    lifecycle.on_start(follow.start)
    signals.all_generators_finalized.connect(follow.attach)
