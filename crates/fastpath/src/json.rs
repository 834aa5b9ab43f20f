//! A JSON writer for the hot list pages: the page is written straight from the database rows
//! instead of building one struct per row and serialising it with serde.
//!
//! On the persons list that saved more than half of the request's instructions (see
//! docs/BENCHMARKS.md, session 5): serde_json escapes strings one byte at a time, keys
//! included, and a struct per row costs a `String` per column plus a parse and a format of
//! every date. Here keys are literal, strings are scanned eight bytes at a time, and dates are
//! written by hand. The output is byte for byte what serde_json writes for the same value,
//! which the tests below check against serde_json itself; a list that uses this writer keeps
//! its serde type for the OpenAPI description and tests that the two agree.

use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// A JSON document being written. Keys and punctuation are written with [`JsonOut::raw`] by
/// the caller, who knows them to need no escaping; values go through the typed methods.
#[derive(Debug, Default)]
pub struct JsonOut {
    buf: Vec<u8>,
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// True when one of the eight bytes of `w` must be escaped in a JSON string: a control
/// character (< 0x20), `"` or `\`. Exact as a yes/no answer (no false positives or negatives).
fn needs_escape(w: u64) -> bool {
    let below_space = w.wrapping_sub(ONES * 0x20) & !w;
    let quote = w ^ (ONES * u64::from(b'"'));
    let backslash = w ^ (ONES * u64::from(b'\\'));
    let zero_in = |x: u64| x.wrapping_sub(ONES) & !x;
    (below_space | zero_in(quote) | zero_in(backslash)) & HIGHS != 0
}

impl JsonOut {
    pub fn with_capacity(bytes: usize) -> Self {
        JsonOut {
            buf: Vec::with_capacity(bytes),
        }
    }

    /// Appends JSON text as it is: keys, commas and braces the caller wrote itself.
    pub fn raw(&mut self, json: &str) {
        self.buf.extend_from_slice(json.as_bytes());
    }

    /// Appends `s` as a JSON string.
    pub fn str(&mut self, s: &str) {
        self.buf.reserve(s.len() + 2);
        self.buf.push(b'"');
        let bytes = s.as_bytes();
        let mut start = 0;
        let mut i = 0;
        while i < bytes.len() {
            if let Some(chunk) = bytes.get(i..i + 8) {
                let mut w = [0u8; 8];
                w.copy_from_slice(chunk);
                if !needs_escape(u64::from_le_bytes(w)) {
                    i += 8;
                    continue;
                }
            }
            // A byte to look at on its own: the tail, or a chunk that holds an escape.
            let end = (i + 8).min(bytes.len());
            while i < end {
                let b = bytes[i];
                let esc: &[u8] = match b {
                    b'"' => b"\\\"",
                    b'\\' => b"\\\\",
                    0x08 => b"\\b",
                    0x0c => b"\\f",
                    b'\n' => b"\\n",
                    b'\r' => b"\\r",
                    b'\t' => b"\\t",
                    0..=0x1f => b"",
                    _ => {
                        i += 1;
                        continue;
                    }
                };
                self.buf.extend_from_slice(&bytes[start..i]);
                if esc.is_empty() {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    self.buf.extend_from_slice(b"\\u00");
                    self.buf.push(HEX[usize::from(b >> 4)]);
                    self.buf.push(HEX[usize::from(b & 0xf)]);
                } else {
                    self.buf.extend_from_slice(esc);
                }
                i += 1;
                start = i;
            }
        }
        self.buf.extend_from_slice(&bytes[start..]);
        self.buf.push(b'"');
    }

    pub fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.str(s),
            None => self.null(),
        }
    }

    pub fn null(&mut self) {
        self.buf.extend_from_slice(b"null");
    }

    pub fn int(&mut self, n: i64) {
        self.buf.extend_from_slice(n.to_string().as_bytes());
    }

    /// A UUID in its hyphenated lower-case form, as uuid's serde does.
    pub fn uuid(&mut self, u: Uuid) {
        let mut tmp = [0u8; uuid::fmt::Hyphenated::LENGTH];
        self.buf.push(b'"');
        self.buf
            .extend_from_slice(u.hyphenated().encode_lower(&mut tmp).as_bytes());
        self.buf.push(b'"');
    }

    pub fn opt_uuid(&mut self, u: Option<Uuid>) {
        match u {
            Some(u) => self.uuid(u),
            None => self.null(),
        }
    }

    /// `"YYYY-MM-DD"`, as the `iso_date` serde helpers write it.
    pub fn date(&mut self, d: Date) {
        self.buf.push(b'"');
        self.date_digits(d);
        self.buf.push(b'"');
    }

    pub fn opt_date(&mut self, d: Option<Date>) {
        match d {
            Some(d) => self.date(d),
            None => self.null(),
        }
    }

    /// RFC 3339 exactly as `crate::utc` writes it (in UTC): seconds always, a fraction only
    /// when there is one and without trailing zeros, `Z` for UTC. Offsets with seconds and
    /// years outside 0000-9999 cannot be written in RFC 3339; those fall back to `time`'s
    /// formatter, which refuses them the same way the serde helper would (written as null).
    pub fn datetime(&mut self, t: OffsetDateTime) {
        // Always in UTC (see `crate::utc`): rows stored with +08:00 are the same instants.
        let t = t.to_offset(time::UtcOffset::UTC);
        let off = t.offset();
        if !(0..=9999).contains(&t.year()) || off.seconds_past_minute() != 0 {
            use time::format_description::well_known::Rfc3339;
            match t.format(&Rfc3339) {
                Ok(s) => self.str(&s),
                Err(_) => self.null(),
            }
            return;
        }
        self.buf.push(b'"');
        self.date_digits(t.date());
        self.buf.push(b'T');
        self.two(t.hour());
        self.buf.push(b':');
        self.two(t.minute());
        self.buf.push(b':');
        self.two(t.second());
        let mut nanos = t.nanosecond();
        if nanos != 0 {
            let mut digits = 9;
            while nanos.is_multiple_of(10) {
                nanos /= 10;
                digits -= 1;
            }
            self.buf.push(b'.');
            let at = self.buf.len();
            self.buf.resize(at + digits, b'0');
            for slot in self.buf[at..].iter_mut().rev() {
                *slot = b'0' + (nanos % 10) as u8;
                nanos /= 10;
            }
        }
        if off.is_utc() {
            self.buf.push(b'Z');
        } else {
            self.buf.push(if off.is_negative() { b'-' } else { b'+' });
            self.two(off.whole_hours().unsigned_abs());
            self.buf.push(b':');
            self.two(off.minutes_past_hour().unsigned_abs());
        }
        self.buf.push(b'"');
    }

    fn date_digits(&mut self, d: Date) {
        let y = d.year();
        if (0..=9999).contains(&y) {
            let y = y as u32;
            self.two((y / 100) as u8);
            self.two((y % 100) as u8);
        } else {
            // Outside four digits `Date`'s Display adds the sign and the extra digits.
            self.buf.extend_from_slice(format!("{y:+}").as_bytes());
        }
        self.buf.push(b'-');
        self.two(u8::from(d.month()));
        self.buf.push(b'-');
        self.two(d.day());
    }

    fn two(&mut self, n: u8) {
        self.buf.push(b'0' + n / 10);
        self.buf.push(b'0' + n % 10);
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.buf
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::format_description::well_known::Rfc3339;

    fn written(f: impl FnOnce(&mut JsonOut)) -> String {
        let mut out = JsonOut::default();
        f(&mut out);
        String::from_utf8(out.into_bytes()).unwrap_or_default()
    }

    /// Every ASCII byte alone and inside longer text, Chinese text and text that crosses
    /// eight-byte chunks: the same bytes as serde_json.
    #[test]
    fn strings_are_escaped_as_serde_json_does() {
        let mut cases: Vec<String> = (0u8..128).map(|b| (b as char).to_string()).collect();
        for b in 0u8..128 {
            cases.push(format!(
                "湖南省特种设备{}检验检测研究院-0123456789",
                b as char
            ));
            cases.push(format!("{}abcdefg{}", b as char, b as char));
        }
        cases.extend(
            [
                "",
                "压测人员0",
                "a\"b\\c\nd\te\r\u{8}\u{c}\u{1}\u{1f}",
                "12345678\"",
                "1234567\"8",
            ]
            .map(str::to_owned),
        );
        for s in &cases {
            let expected = serde_json::to_string(s).unwrap_or_default();
            assert_eq!(written(|o| o.str(s)), expected, "{s:?}");
        }
    }

    #[test]
    fn uuids_numbers_and_nulls_are_written_as_serde_json_does() {
        let u = Uuid::now_v7();
        assert_eq!(
            written(|o| o.uuid(u)),
            serde_json::to_string(&u).unwrap_or_default()
        );
        assert_eq!(written(|o| o.opt_uuid(None)), "null");
        assert_eq!(written(|o| o.int(-42)), "-42");
        assert_eq!(written(|o| o.opt_str(None)), "null");
    }

    /// Dates and date-times against `time`'s own formatting over a spread of values,
    /// fractions with and without trailing zeros; instants with other offsets come out in UTC.
    #[test]
    fn dates_and_datetimes_are_written_as_time_formats_them() {
        let base = time::macros::datetime!(1930-01-01 00:00:00 UTC);
        let offsets = [
            time::UtcOffset::UTC,
            time::macros::offset!(+08:00),
            time::macros::offset!(-05:30),
        ];
        for i in 0..5_000u32 {
            let t = base
                + time::Duration::new(
                    i64::from(i) * 86_413 * 7 + 7_777,
                    ((i * 104_729) % 1_000_000_000) as i32,
                );
            let nanos = match i % 4 {
                0 => 0,
                1 => 120_000_000,
                2 => t.nanosecond(),
                _ => 209_239_000,
            };
            let v = t
                .replace_nanosecond(nanos)
                .unwrap_or(t)
                .to_offset(offsets[(i % 3) as usize]);
            let utc = v.to_offset(time::UtcOffset::UTC);
            let expected = format!("\"{}\"", utc.format(&Rfc3339).unwrap_or_default());
            assert_eq!(written(|o| o.datetime(v)), expected, "written in UTC");
            let d = v.date();
            assert_eq!(written(|o| o.date(d)), format!("\"{d}\""));
        }
    }
}
