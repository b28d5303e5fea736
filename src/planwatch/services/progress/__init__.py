"""Task progress: reports and their review, evidence files, pace, roll-ups and notifications."""
