extensions = ["myst_parser", "briefs"]
project = "Search recall"
html_theme = "furo"
locale_dirs = ["locale"]
gettext_compact = False
briefs_site_url = "https://example.test/site/"
smartquotes = False
