//! Load-benchmark tools, not tests. The binaries live in `src/bin`:
//!
//! - `ceiling`: a minimal actix-web server answering a fixed persons page, the throughput
//!   ceiling of this machine, measured in the same run as seforce;
//! - `bench-seed`: bulk-loads persons into a database that `seforce seed-demo` prepared.
//!
//! `bench/run.sh` (or `make bench`) drives both; docs/BENCHMARKS.md has the numbers.
