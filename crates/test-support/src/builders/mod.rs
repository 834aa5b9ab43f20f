//! Request bodies as builders: each starts valid with the demo tenant's usual values, and a
//! test changes only the field it is about (`set`, `without`, or a named setter), so that the
//! body says what the test varies and nothing else.
//!
//! What stays a `json!` literal in the tests, and why:
//! - a body that IS the point of the test: malformed or hostile input in `contract.rs`,
//!   `hygiene.rs`, `problems.rs` (a NUL, an unknown field, a wrong type, a blank or 501-character
//!   reason), where a builder would hide the one thing the test is about;
//! - bodies of one field that carry no domain object (`{"post": "x"}` in an `If-Match` test,
//!   `{"refresh_token": …}`, `{"password": …}`, `{"seconds_watched": n}`, a rename patch) and
//!   `json!(null)` for the steps that take no body;
//! - expected values in assertions (`assert_eq!(a.body["items"], json!([]))`), and the JSON a
//!   test reads out of the OpenAPI document or writes into the database directly.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// RFC 3339 text of an instant, the way the API takes it.
pub fn instant(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

macro_rules! builder {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        #[must_use]
        pub struct $name {
            body: Value,
        }

        impl $name {
            /// Sets (or adds) `key`.
            pub fn set(mut self, key: &str, value: impl Serialize) -> Self {
                self.body[key] = serde_json::to_value(value).unwrap_or(Value::Null);
                self
            }

            /// Leaves `key` out.
            pub fn without(mut self, key: &str) -> Self {
                if let Some(m) = self.body.as_object_mut() {
                    m.remove(key);
                }
                self
            }

            pub fn build(self) -> Value {
                self.body
            }
        }
    };
}

// The macro above is in scope for these (declared after it).
mod directory;
mod exams;
mod training;

pub use directory::*;
pub use exams::*;
pub use training::*;
