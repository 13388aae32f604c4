"""The conditions app: the catalogue of conditions, their curated causes articles, their questions
and the members' answers as the public pages show them (models/), the curators' admin (admin/), the
pages, search, sitemaps and the article importer. Who may write an answer is decided by `community`,
which this app never imports."""
