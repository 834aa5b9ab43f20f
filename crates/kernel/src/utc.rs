//! Instants on the wire: RFC 3339 in UTC with `Z`, whatever offset a row was stored with.
//! Seeded and imported rows may carry `+08:00`; a client comparing strings or a cache keyed
//! on them must not see the same instant spelt two ways. Use as
//! `#[serde(with = "kernel::utc")]` (or `kernel::utc::option`) instead of
//! `time::serde::rfc3339`; reading accepts any offset.

use serde::{Deserializer, Serializer};
use time::{OffsetDateTime, UtcOffset};

pub fn serialize<S: Serializer>(t: &OffsetDateTime, s: S) -> Result<S::Ok, S::Error> {
    time::serde::rfc3339::serialize(&t.to_offset(UtcOffset::UTC), s)
}

pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<OffsetDateTime, D::Error> {
    time::serde::rfc3339::deserialize(d)
}

/// The same for optional instants (`null` when absent).
pub mod option {
    use super::*;

    pub fn serialize<S: Serializer>(t: &Option<OffsetDateTime>, s: S) -> Result<S::Ok, S::Error> {
        time::serde::rfc3339::option::serialize(&t.map(|t| t.to_offset(UtcOffset::UTC)), s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<OffsetDateTime>, D::Error> {
        time::serde::rfc3339::option::deserialize(d)
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};
    use time::OffsetDateTime;

    #[derive(Serialize, Deserialize)]
    struct At {
        #[serde(with = "crate::utc")]
        at: OffsetDateTime,
        #[serde(with = "crate::utc::option")]
        maybe: Option<OffsetDateTime>,
    }

    #[test]
    fn an_instant_stored_with_an_offset_is_written_in_utc() {
        let at = time::macros::datetime!(2026-11-22 18:00 +08:00);
        let json = serde_json::to_string(&At {
            at,
            maybe: Some(at),
        })
        .unwrap_or_default();
        assert_eq!(
            json,
            r#"{"at":"2026-11-22T10:00:00Z","maybe":"2026-11-22T10:00:00Z"}"#
        );
        let back: At = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back.at, at, "the same instant");
        let none = serde_json::to_string(&At { at, maybe: None }).unwrap_or_default();
        assert!(none.ends_with(r#""maybe":null}"#), "{none}");
    }
}
