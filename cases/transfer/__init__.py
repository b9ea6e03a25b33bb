"""Moving a case to another member for good: the owner proposes, the receiving supervisor
answers; on acceptance ownership, numbering and the file move, and the old owner keeps its own
notes and documents as a read-only record."""
