//! Typed ids: what a journey helper hands back and what the next one takes, so that a test
//! cannot pass a class's id where an enrolment's is wanted — the compiler refuses it.
//!
//! Each is the id text the server answered (`"id"` of the created object). It reads as a
//! `&str` wherever a path or a body wants one (`Display`, `as_str`, `Deref<Target = str>`,
//! `Serialize` as the plain string), and compares equal to the same id in a JSON answer, so
//! `assert_eq!(answer.body["enrolment_id"], enrolment)` says what it means.

use crate::Answer;
use serde_json::Value;
use std::fmt;

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        pub struct $name(pub String);

        impl $name {
            /// The `id` of an object the server created (empty when the answer has none).
            pub fn of(a: &Answer) -> Self {
                $name(a.body["id"].as_str().unwrap_or_default().to_owned())
            }

            /// Wraps id text read from elsewhere in an answer.
            pub fn from_value(v: &Value) -> Self {
                $name(v.as_str().unwrap_or_default().to_owned())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }

        impl PartialEq<$name> for String {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

        impl PartialEq<$name> for &str {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

        impl PartialEq<$name> for Value {
            fn eq(&self, other: &$name) -> bool {
                self.as_str() == Some(other.0.as_str())
            }
        }

        impl PartialEq<&$name> for Value {
            fn eq(&self, other: &&$name) -> bool {
                self.as_str() == Some(other.0.as_str())
            }
        }
    };
}

typed_id!(
    /// A course (`/courses/{id}`).
    CourseId
);
typed_id!(
    /// A class (`/classes/{id}`).
    ClassId
);
typed_id!(
    /// A person of the directory (`/persons/{id}`).
    PersonId
);
typed_id!(
    /// A user account (`/users/{id}`).
    UserId
);
typed_id!(
    /// An enrolment (`/enrolments/{id}`).
    EnrolmentId
);
typed_id!(
    /// A session of a class (`/sessions/{id}`).
    SessionId
);
typed_id!(
    /// A deferral or substitution request (`/enrolment-requests/{id}`).
    RequestId
);
typed_id!(
    /// A refund (`/refunds/{id}`).
    RefundId
);
typed_id!(
    /// A teacher of the pool (`/teachers/{id}`).
    TeacherId
);
typed_id!(
    /// A qualification on record (`/qualifications/{id}`).
    QualificationId
);
typed_id!(
    /// A declared relation between two persons (`/person-relations/{id}`).
    RelationId
);
