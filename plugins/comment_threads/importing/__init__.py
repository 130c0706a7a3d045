"""The comment tasks' tooling (`invoke comment`, `invoke import-comments`): never imported by
the build, which only reads the files they write.

- ``store``: a comment file's text, and where it goes (plain slugs, inside the folder);
- ``importers``: Disqus and WordPress exports read into comments, one refusal per bad one.
"""
