//! States and kinds: how a closed set of names is declared, stored, sent and read back.
//!
//! A status or kind column holds one name of a Rust enum declared with [`state_enum!`]. Each
//! variant's snake_case name is written once and becomes both the stored text (sea-orm's
//! `DeriveActiveEnum`, `string_value`) and the JSON name (serde `rename`, so utoipa lists it in
//! the spec's `enum`): the wire and the database cannot drift apart. The column stays `text`
//! (no database enum type: a new variant needs no migration and SQLite has none), and
//! services compare and write with the enum (`Column::Status.eq(EnrolmentStatus::Paid)`),
//! never with a string literal.
//!
//! A stored text that names no variant is an error when the row is read (`DbErr::Type`),
//! never a default: reading an unknown refund status as `rejected`, or an unknown sex as
//! male, would make up a fact nobody recorded (issue 12 §1). [`StateList`] does the same for
//! a column holding several names (a membership's roles, a course's equipment categories).

use sea_orm::sea_query::{ArrayType, ColumnType, Nullable, ValueType, ValueTypeErr};
use sea_orm::{ActiveEnum, ColIdx, DbErr, QueryResult, TryGetError, TryGetable, Value};

/// A state or kind enum declared with [`state_enum!`].
pub trait State: ActiveEnum<Value = String> + Copy + Eq + 'static {
    /// The name stored in the column and sent in JSON.
    fn name(self) -> &'static str;

    /// The variant stored as `text`; an unknown text is an error. For rows read without
    /// sea-orm's entity layer (the fast path); entities read their columns through
    /// `DeriveActiveEnum`, which refuses the same way.
    fn from_stored(text: &str) -> Result<Self, DbErr> {
        Self::iter().find(|v| v.name() == text).ok_or_else(|| {
            DbErr::Type(format!(
                "unexpected value for {} enum: {text}",
                std::any::type_name::<Self>()
            ))
        })
    }
}

/// Declares a state or kind enum: one snake_case name per variant, used as the stored text
/// and the JSON name. Derives `Debug, Clone, Copy, PartialEq, Eq, Hash`, serde, utoipa's
/// `ToSchema`, sea-orm's `EnumIter` and `DeriveActiveEnum` (a `text` column), and gives
/// `as_str()`; add further derives (`Default`, `Ord`) with an attribute of your own.
///
/// ```
/// kernel::state_enum! {
///     /// Where a plan stands.
///     pub enum PlanStatus {
///         Draft = "draft",
///         Published = "published",
///     }
/// }
///
/// fn main() {
///     assert_eq!(PlanStatus::Published.as_str(), "published");
///     assert_eq!(serde_json::to_value(PlanStatus::Draft).ok(), Some("draft".into()));
/// }
/// ```
#[macro_export]
macro_rules! state_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $value:tt ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash,
            ::serde::Serialize, ::serde::Deserialize, ::utoipa::ToSchema,
            ::sea_orm::EnumIter, ::sea_orm::DeriveActiveEnum,
        )]
        #[sea_orm(rs_type = "String", db_type = "Text")]
        $vis enum $name {
            $(
                $(#[$vmeta])*
                #[serde(rename = $value)]
                #[sea_orm(string_value = $value)]
                $variant,
            )+
        }

        impl $name {
            /// The name stored in the column and sent in JSON.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $value, )+
                }
            }
        }

        impl $crate::state::State for $name {
            fn name(self) -> &'static str {
                self.as_str()
            }
        }
    };
}

/// Several names of one state enum in one `text` column, comma-separated, in the order
/// given. Read back whole or not at all: one unknown name makes the row unreadable, rather
/// than a role or category silently dropped.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StateList<T>(pub Vec<T>);

impl<T: State> StateList<T> {
    /// Whether `v` is in the list.
    pub fn contains(&self, v: T) -> bool {
        self.0.contains(&v)
    }

    /// The stored text.
    pub fn stored(&self) -> String {
        let names: Vec<&str> = self.0.iter().map(|v| v.name()).collect();
        names.join(",")
    }

    /// The list stored as `text`; the empty text is the empty list.
    pub fn from_stored(text: &str) -> Result<Self, DbErr> {
        if text.is_empty() {
            return Ok(StateList(Vec::new()));
        }
        text.split(',')
            .map(T::from_stored)
            .collect::<Result<_, _>>()
            .map(StateList)
    }
}

impl<T> From<Vec<T>> for StateList<T> {
    fn from(v: Vec<T>) -> Self {
        StateList(v)
    }
}

impl<T: State> From<StateList<T>> for Value {
    fn from(list: StateList<T>) -> Self {
        list.stored().into()
    }
}

impl<T: State> TryGetable for StateList<T> {
    fn try_get_by<I: ColIdx>(res: &QueryResult, idx: I) -> Result<Self, TryGetError> {
        let text = String::try_get_by(res, idx)?;
        Self::from_stored(&text).map_err(TryGetError::DbErr)
    }
}

impl<T: State> ValueType for StateList<T> {
    fn try_from(v: Value) -> Result<Self, ValueTypeErr> {
        let text = <String as ValueType>::try_from(v)?;
        Self::from_stored(&text).map_err(|_| ValueTypeErr)
    }

    fn type_name() -> String {
        format!("StateList<{}>", std::any::type_name::<T>())
    }

    fn array_type() -> ArrayType {
        ArrayType::String
    }

    fn column_type() -> ColumnType {
        ColumnType::Text
    }
}

impl<T> Nullable for StateList<T> {
    fn null() -> Value {
        Value::String(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::Iterable;

    crate::state_enum! {
        /// A test state.
        pub enum Light {
            Green = "green",
            /// Documented variants keep their doc.
            AmberFlashing = "amber_flashing",
        }
    }

    #[test]
    fn stored_name_and_json_name_are_the_same_literal() {
        for v in Light::iter() {
            assert_eq!(v.to_value(), v.as_str());
            assert_eq!(serde_json::to_value(v).ok(), Some(v.as_str().into()));
            assert_eq!(Light::try_from_value(&v.as_str().to_owned()).ok(), Some(v));
        }
    }

    #[test]
    fn an_unknown_stored_name_is_an_error_not_a_default() {
        assert!(Light::try_from_value(&"red".to_owned()).is_err());
        assert!(Light::from_stored("red").is_err());
        assert!(Light::from_stored("").is_err());
        assert_eq!(Light::from_stored("green").ok(), Some(Light::Green));
    }

    #[test]
    fn a_list_is_read_whole_or_not_at_all() {
        let list = StateList(vec![Light::AmberFlashing, Light::Green]);
        assert_eq!(list.stored(), "amber_flashing,green");
        assert_eq!(
            StateList::from_stored("amber_flashing,green").ok(),
            Some(list)
        );
        assert_eq!(
            StateList::<Light>::from_stored("").ok(),
            Some(StateList(vec![]))
        );
        assert!(StateList::<Light>::from_stored("green,red").is_err());
        assert!(StateList::<Light>::from_stored("green,").is_err());
    }
}
