extensions = ["myst_parser", "briefs"]
project = "Warnings"
briefs_site_url = "https://example.test/"
