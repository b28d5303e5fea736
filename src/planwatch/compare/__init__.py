"""Comparing plans: alignment of one plan with another (upper-level plan, other genre) and the diff
between two versions of one plan. Pure functions over ``Analysis`` objects; the services layer loads
plans and files and calls them."""
