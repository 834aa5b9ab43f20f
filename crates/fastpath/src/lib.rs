//! The SQLite fast path: the few reads that run on nearly every request, executed around
//! sea-orm's driver on SQLite, and the JSON writer of the one list page built straight from
//! its rows.
//!
//! # Why it exists
//! On SQLite, sqlx hands every query to a per-connection worker thread and back; that costs
//! about 150 µs of CPU per query, far more than SQLite's own work for a primary-key lookup or
//! a 21-row page. [`Reader`] runs such a statement (built with sea-query, so it is the same
//! statement on both databases) on the calling thread through a read-only `rusqlite`
//! connection instead, and on PostgreSQL through sea-orm as everywhere else. [`JsonOut`]
//! writes a page from the rows while the driver holds them instead of building a struct per
//! row and serialising it. Measurements: docs/BENCHMARKS.md (session 5), decisions 20, 21, 31
//! and 90 in docs/DECISIONS.md.
//!
//! # Entry point
//! [`Reader`] is the way in: a domain holds one and calls [`Reader::row`],
//! [`Reader::rows`] or [`Reader::for_each`]; the HTTP layer wraps reading requests in
//! [`one_snapshot`]. [`Row`] is what a row looks like to the caller, [`JsonOut`] the writer.
//!
//! # Which reads may use it
//! Only bounded reads (a lookup by key, a page capped by [`kernel::page::MAX_LIMIT`]) that a
//! profile showed to be hot, because each one blocks its worker thread for as long as SQLite
//! works and bypasses sea-orm's entity layer:
//!
//! | caller | read | why |
//! |---|---|---|
//! | `directory::service::auth` | the session check (user status and session epoch) | every authenticated request makes it |
//! | `directory::service::person_list` | the persons list page ([`JsonOut`]) | the list a clerk's screen reads all day; the `make bench` scenario |
//! | `directory` (lib) | holds the [`Reader`] | |
//! | `server` (lib) | builds the [`Reader`] | |
//! | `api::middleware` | [`one_snapshot`] around GET and HEAD | one read transaction per request |
//! | `bench` `ceiling` | the persons page, without the rest of seforce | the database ceiling of `make bench` |
//!
//! Writes, transactions and long reads stay on sea-orm. A new caller needs a profile showing
//! it is hot, on PostgreSQL too (issue 15 §4), an entry in this table and one in
//! `CALLERS` below; the test `every_caller_is_listed` fails otherwise.

mod json;
mod read;

pub use json::JsonOut;
pub use read::{Reader, Row, one_snapshot};

/// The source files outside this crate that may name it, by path from the workspace root.
/// Kept in step with the table above by `every_caller_is_listed`.
pub const CALLERS: &[&str] = &[
    "bench/src/bin/ceiling.rs",
    "crates/api/src/middleware.rs",
    "crates/directory/src/lib.rs",
    "crates/directory/src/service/auth.rs",
    "crates/directory/src/service/person_list.rs",
    "crates/server/src/lib.rs",
];

#[cfg(test)]
mod fence {
    use std::path::{Path, PathBuf};

    fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            let name = e.file_name();
            if name == "target" || name == "node_modules" || name == ".git" {
                continue;
            }
            if p.is_dir() {
                rust_files(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }

    /// Whether `source` names this crate or calls a held [`super::Reader`] (`.reader.row(`,
    /// `.rows(`, `.for_each(`, however the call is broken over lines).
    fn uses_fast_path(source: &str) -> bool {
        let flat: String = source.chars().filter(|c| !c.is_whitespace()).collect();
        flat.contains("fastpath::")
            || [".reader.row(", ".reader.rows(", ".reader.for_each("]
                .iter()
                .any(|call| flat.contains(call))
    }

    /// A new use of the fast path is a decision, not an accident: every Rust file of the
    /// workspace (crates, tests, bench, migrations) that names `fastpath` or calls a held reader is in [`super::CALLERS`],
    /// and every listed file still does.
    #[test]
    fn every_caller_is_listed() {
        let here = Path::new(env!("CARGO_MANIFEST_DIR"));
        let root = here.join("../..").canonicalize().unwrap_or_default();
        let own = here.join("src").canonicalize().unwrap_or_default();
        let mut files = Vec::new();
        for d in ["crates", "tests", "bench", "migrations"] {
            rust_files(&root.join(d), &mut files);
        }
        assert!(files.len() > 20, "the workspace's sources were found");
        let mut found: Vec<String> = files
            .iter()
            .filter(|p| !p.starts_with(&own))
            .filter(|p| std::fs::read_to_string(p).is_ok_and(|s| uses_fast_path(&s)))
            .filter_map(|p| p.strip_prefix(&root).ok())
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .collect();
        found.sort();
        assert_eq!(
            found,
            super::CALLERS,
            "a file names the SQLite fast path without being listed in fastpath::CALLERS \
             (or a listed one no longer does): see the crate doc for who may use it"
        );
    }
}
