//! Workspace-level tests live in `tests/`. This library holds the spec
//! mutator the robustness tests and the fuzzer share, and compiles the
//! README's examples as doctests.
#![doc = include_str!("../README.md")]

pub mod mutate;
