"""Chain of identity and custody for the cell product: pure identifiers first (ISBT 128)."""
