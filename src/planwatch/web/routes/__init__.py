"""Page areas: each module holds one area's pages and their JSON twins, one view function per page
(``web/twin.py``). ``web/pages/`` and ``web/api/`` hold the areas not yet moved here."""
