//! HTTP tests against a real server with a fresh database each (SQLite, or PostgreSQL when
//! TEST_DATABASE_URL is set). One binary so the suite links once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod accounts;
mod admission;
mod archive;
mod audit_chain;
mod auth;
mod authz;
mod batch;
mod blacklist;
mod catalogue;
mod clerks;
mod contract;
mod directory;
mod hygiene;
mod inbox;
mod jobs;
mod ledger;
mod moves;
mod openapi;
mod outbox;
mod plans;
mod practical;
mod problems;
mod qualifications;
mod reads;
mod refunds;
mod relations;
mod sanctions;
mod sign_in;
mod states;
mod study;
mod teachers;
mod throttle;
mod training;
mod waitlist;
