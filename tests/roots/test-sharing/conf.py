extensions = ["myst_parser", "briefs"]
project = "Sharing"
html_theme = "furo"
locale_dirs = ["locale"]
gettext_compact = False
smartquotes = False
briefs_site_url = "https://example.test/site/"
