"""Department catalogues: the one in force, editing it, and which one each plan uses."""
