//! solieu — figures from Vietnamese press articles, as typed datasets.
//!
//! The crate follows the pipeline arrow, one module per stage:
//!
//! ```text
//! corpus (read) → text::{legacy, html, normalize} → text::clean → text::segment
//!   → extract (rules) → attribute (year, org, modality) → frame (polars)
//!   → analysis (year over year) → export (parquet / jsonl / csv)
//! ```
//!
//! Every stage but `pipeline` is a pure function of its input; only `pipeline`
//! knows about threads, progress bars and files.

pub mod analysis;
pub mod attribute;
pub mod builtin;
pub mod chart;
pub mod classify;
pub mod cli;
pub mod corpus;
pub mod explain;
pub mod export;
pub mod extract;
pub mod figure;
pub mod frame;
pub mod noun;
pub mod number;
pub mod pipeline;
pub mod quantity;
pub mod report;
pub mod rules;
pub mod score;
pub mod synth;
pub mod text;
