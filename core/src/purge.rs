//! Purge policy: which deleted or expired licences are due for purging (SPEC §5).
