//! Tables the kernel owns: the audit chain and the outbox.

pub mod audit_head;
pub mod audit_log;
pub mod outbox;
