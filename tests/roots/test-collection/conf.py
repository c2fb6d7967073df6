extensions = ["myst_parser", "briefs"]
project = "Collection"
html_theme = "furo"
locale_dirs = ["locale"]
gettext_compact = False
briefs_site_url = "https://example.test/site/"
briefs_search_dictionary = "search-dictionary.txt"
smartquotes = False
