//! linjaus: traces the welfare themes of a Finnish municipality's welfare report
//! (hyvinvointikertomus) down its chain of planning and reporting documents and shows, with
//! page-cited evidence, where they fade.
//!
//! Pipeline (one module per stage; see ARCHITECTURE.md):
//! 1. [`ingest`]: file → [`model::Document`] (pages of text); fails per document.
//! 2. [`segment`]: document → units (headings, paragraphs, list items, table rows); never fails.
//! 3. [`analyse`]: unit text → theme hits and facet cues, with the lexicons of
//!    [`analyse::lexicon`] and the one analysis chain of [`analyse::text`].
//! 4. [`classify`]: a document's level when the manifest ([`config`]) does not give it.
//! 5. [`score`]: rungs, facet vectors, visibility scores, drop-off points; pure. [`goals`]:
//!    goal units, the welfare report's goals traced down the chain.
//! 6. [`report`]: terminal table and JSON; the only module that formats output.
//!
//! [`pipeline`] is the one entry every command calls: it runs stages 1–4 over a folder
//! ([`corpus`], with the [`cache`]), scores and traces goals, and returns a typed
//! [`pipeline::Analysis`]. [`tag`] runs stage 3 over JSON Lines; [`index`] keeps the units in a
//! tantivy index for `search`; [`output`] writes files atomically; [`progress`] counts documents
//! read for a front end's progress bar.
//! The library never prints and never exits: the binary owns stdout, stderr and exit codes.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod analyse;
pub mod budget;
pub mod cache;
pub mod check;
pub mod classify;
pub mod compare;
pub mod config;
pub mod corpus;
pub mod error;
pub mod eval;
pub mod goals;
pub mod guardrails;
pub mod index;
pub mod ingest;
pub mod minutes;
pub mod model;
pub mod municipality;
pub mod output;
pub mod pipeline;
pub mod progress;
pub mod report;
pub mod score;
pub mod segment;
pub mod tag;
pub mod train;
