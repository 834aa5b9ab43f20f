//! What text a client may send. One definition, used wherever text enters the platform (JSON
//! bodies and query strings in the API's extractors, import cells in the importers), so that no
//! domain has to remember it and no database sees a character it cannot store: PostgreSQL
//! refuses NUL in `text` (SQLSTATE 22021), and other control characters in a name or a
//! reason are never meant, only pasted or forged.

/// The first character a client may not send in text, if any: every Unicode control
/// character (C0, DEL, C1) except tab, line feed and carriage return, which multi-line fields
/// (reasons, summaries) legitimately hold.
pub fn forbidden_char(s: &str) -> Option<char> {
    s.chars()
        .find(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// How a forbidden character is named in a refusal: `U+0000`, never the character itself.
pub fn describe(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_refused_and_line_breaks_are_not() {
        assert_eq!(forbidden_char("张三"), None);
        assert_eq!(forbidden_char("line\nbreak\r\tand tab"), None);
        assert_eq!(forbidden_char("a\u{0}b"), Some('\u{0}'));
        assert_eq!(forbidden_char("a\u{1b}[31m"), Some('\u{1b}'));
        assert_eq!(forbidden_char("del\u{7f}"), Some('\u{7f}'));
        assert_eq!(forbidden_char("c1\u{85}"), Some('\u{85}'));
        assert_eq!(describe('\u{0}'), "U+0000");
    }
}
