//! One integration test binary (ripgrep/ruff style): modules by behaviour.

mod budgets;
mod check;
mod cli;
mod compare;
mod corpus;
mod eval;
mod formats;
mod fuzz;
mod goal_pairing;
mod goals;
mod levels;
mod lexicons;
mod matching;
mod pdf;
mod pipeline;
mod realcorpus;
mod reports;
mod rules;
mod snapshots;
mod stderr;
mod util;
