//! A sentence for a person in the two languages the platform speaks. Its own module because
//! both a rule's violation (`rule`) and a refusal (`refusal`) carry one.

/// A sentence for a person, in the two languages the platform speaks, kept apart so that a
/// screen shows one of them (never "中文 / English" in one string).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// Simplified Chinese (zh-CN), the language of the clerks.
    pub zh: String,
    /// English.
    pub en: String,
}

impl Message {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Message {
            zh: zh.into(),
            en: en.into(),
        }
    }
}
