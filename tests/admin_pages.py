"""The back-office's pages a site administrator opens (the department's « Sites » aside)."""

BACK_OFFICE_PAGES = [
    "/admin",
    "/admin/guichets",
    "/admin/agents",
    "/admin/catalogue",
    "/admin/horaires",
    "/admin/a-la-une",
    "/admin/reglages",
    "/admin/journal",
    "/admin/synchronisation",
    "/admin/ecrans",
]
