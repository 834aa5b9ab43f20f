//! One source of "now", so that deadlines ("1 day before", "5 working days") can be tested at
//! their boundaries. Rules count in Asia/Shanghai civil time (UTC+8, no daylight saving).

use std::sync::{Arc, Mutex};
use time::{Date, OffsetDateTime, UtcOffset};

/// Asia/Shanghai has been UTC+8 without daylight saving since 1991.
pub const SHANGHAI: UtcOffset = match UtcOffset::from_hms(8, 0, 0) {
    Ok(o) => o,
    Err(_) => UtcOffset::UTC,
};

/// The civil date of an instant in Asia/Shanghai, the date every rule counts in.
pub fn shanghai_date(t: OffsetDateTime) -> Date {
    t.to_offset(SHANGHAI).date()
}

/// A source of the current instant.
pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> OffsetDateTime;

    /// Today's civil date in Asia/Shanghai.
    fn today_shanghai(&self) -> Date {
        shanghai_date(self.now())
    }
}

/// The real clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    /// Truncated to microseconds: what both SQLite and PostgreSQL store, so a value read back
    /// equals the value written.
    fn now(&self) -> OffsetDateTime {
        let t = OffsetDateTime::now_utc();
        t.replace_nanosecond(t.microsecond() * 1000).unwrap_or(t)
    }
}

/// A clock tests can set and advance.
#[derive(Debug, Clone)]
pub struct FixedClock(Arc<Mutex<OffsetDateTime>>);

impl FixedClock {
    pub fn new(at: OffsetDateTime) -> Self {
        FixedClock(Arc::new(Mutex::new(at)))
    }

    pub fn set(&self, at: OffsetDateTime) {
        if let Ok(mut g) = self.0.lock() {
            *g = at;
        }
    }

    pub fn advance(&self, by: time::Duration) {
        if let Ok(mut g) = self.0.lock() {
            *g += by;
        }
    }
}

impl Clock for FixedClock {
    fn now(&self) -> OffsetDateTime {
        match self.0.lock() {
            Ok(g) => *g,
            Err(p) => *p.into_inner(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn shanghai_date_rolls_over_at_16_utc() {
        let c = FixedClock::new(datetime!(2026-12-31 15:59:59 UTC));
        assert_eq!(c.today_shanghai().to_string(), "2026-12-31");
        c.advance(time::Duration::seconds(1));
        assert_eq!(c.today_shanghai().to_string(), "2027-01-01");
    }
}
