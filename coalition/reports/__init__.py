"""Coalition and member reports: aggregate figures with small counts hidden, their exports, the
CTDC de-identified dataset and the stored monthly reports."""
