//! Amounts as a clerk reads them. The API carries money as whole fen (分, `i64`); a sentence
//! shows yuan (元), never fen.

/// `123450` fen as `¥1,234.50`: the yuan sign, thousands grouped, two decimals.
pub fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let fen = fen.unsigned_abs();
    let whole = (fen / 100).to_string();
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, d) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(d);
    }
    format!("{sign}¥{grouped}.{:02}", fen % 100)
}

#[cfg(test)]
mod tests {
    use super::yuan;

    #[test]
    fn fen_read_as_yuan_with_grouped_thousands() {
        assert_eq!(yuan(0), "¥0.00");
        assert_eq!(yuan(5), "¥0.05");
        assert_eq!(yuan(80000), "¥800.00");
        assert_eq!(yuan(123450), "¥1,234.50");
        assert_eq!(yuan(100_000_000), "¥1,000,000.00");
        assert_eq!(yuan(-2050), "-¥20.50");
        assert_eq!(yuan(i64::MIN), "-¥92,233,720,368,547,758.08");
    }
}
