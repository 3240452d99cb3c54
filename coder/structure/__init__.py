"""The structure of a review: headings with their levels, section kinds and numbered
paragraphs, detected from the stored words and their fonts (Qt-free, no SQL)."""
