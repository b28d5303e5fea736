"""Plans: analysing a document, storing and listing plans and versions, lineage, comparison, search."""
