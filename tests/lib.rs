//! Workspace-level tests live in `tests/`. This library only compiles the
//! README's examples as doctests.
#![doc = include_str!("../README.md")]
