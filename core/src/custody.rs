//! Custody of licences shared between sites and candidates (SPEC §5).
