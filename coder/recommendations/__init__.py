"""The recommendations register: detection, addressees, edits, clustering and exports."""
