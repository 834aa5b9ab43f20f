//! TR-18's deadline, asked in two places: a class's archive (`archive`) and the class list's
//! `archive_overdue` filter (`classes`). Working days skip weekends and public holidays and
//! count make-up working days (调休上班), from the platform's calendar overridden by the
//! association's own; the archive is due five working days after results are out and overdue
//! when it is not complete after that day. Below both modules, so that the rule is written
//! once and neither imports the other.

use crate::entity::{archive_item, calendar_day, class, class_archive};
use crate::error::Result;
use crate::model::{ArchiveKind, DayKind};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap, HashSet};
use time::{Date, Weekday};
use uuid::Uuid;

/// TR-18: the archive is due this many working days after results are out.
pub const ARCHIVE_WORKING_DAYS: u32 = 5;

/// True on a working day: a make-up working day always, a holiday never, else Monday–Friday.
pub fn is_working_day(d: Date, calendar: &BTreeMap<Date, DayKind>) -> bool {
    match calendar.get(&d) {
        Some(DayKind::Workday) => true,
        Some(DayKind::Holiday) => false,
        None => !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday),
    }
}

/// The `n`th working day after `from` (`from` itself does not count).
pub fn add_working_days(from: Date, n: u32, calendar: &BTreeMap<Date, DayKind>) -> Date {
    let mut d = from;
    let mut left = n;
    while left > 0 {
        match d.next_day() {
            Some(next) => d = next,
            None => return d,
        }
        if is_working_day(d, calendar) {
            left -= 1;
        }
    }
    d
}

/// The archive's due day (TR-18) for results out on `results_out_on`, and whether it is
/// overdue on `today`: not complete after the due day.
pub fn archive_deadline(
    results_out_on: Date,
    complete: bool,
    calendar: &BTreeMap<Date, DayKind>,
    today: Date,
) -> (Date, bool) {
    let due = add_working_days(results_out_on, ARCHIVE_WORKING_DAYS, calendar);
    (due, !complete && today > due)
}

/// The working-day calendar for an association: platform entries, overridden by its own.
pub async fn calendar<C: ConnectionTrait>(
    conn: &C,
    association: Uuid,
) -> Result<BTreeMap<Date, DayKind>> {
    let rows = calendar_day::Entity::find()
        .filter(calendar_day::Column::Scope.is_in(["platform".to_owned(), association.to_string()]))
        .all(conn)
        .await?;
    let mut map = BTreeMap::new();
    for r in rows.iter().filter(|r| r.scope == "platform") {
        map.insert(r.day, r.kind);
    }
    for r in rows.iter().filter(|r| r.scope != "platform") {
        map.insert(r.day, r.kind);
    }
    Ok(map)
}

/// Which of `classes` have an overdue archive on `today`. Five working days are at least
/// five calendar days, so only results out six or more days ago can be overdue: those are
/// read in one query, their items in another, and each association's calendar once.
pub async fn overdue_archives<C: ConnectionTrait>(
    conn: &C,
    classes: &[class::Model],
    today: Date,
) -> Result<HashSet<Uuid>> {
    let mut overdue = HashSet::new();
    let Some(latest) = today.checked_sub(time::Duration::days(i64::from(ARCHIVE_WORKING_DAYS) + 1))
    else {
        return Ok(overdue);
    };
    let association: HashMap<Uuid, Uuid> =
        classes.iter().map(|c| (c.id, c.association_id)).collect();
    let mut outs = Vec::new();
    for ids in classes.chunks(500) {
        outs.extend(
            class_archive::Entity::find()
                .filter(class_archive::Column::ClassId.is_in(ids.iter().map(|c| c.id)))
                .filter(class_archive::Column::ResultsOutOn.lte(latest))
                .all(conn)
                .await?,
        );
    }
    if outs.is_empty() {
        return Ok(overdue);
    }
    let mut items: HashMap<Uuid, HashSet<ArchiveKind>> = HashMap::new();
    for ids in outs.chunks(500) {
        for item in archive_item::Entity::find()
            .filter(archive_item::Column::ClassId.is_in(ids.iter().map(|a| a.class_id)))
            .all(conn)
            .await?
        {
            items.entry(item.class_id).or_default().insert(item.kind);
        }
    }
    let mut calendars: HashMap<Uuid, BTreeMap<Date, DayKind>> = HashMap::new();
    for out in outs {
        let Some(&assoc) = association.get(&out.class_id) else {
            continue;
        };
        if let Entry::Vacant(e) = calendars.entry(assoc) {
            e.insert(calendar(conn, assoc).await?);
        }
        let complete = items
            .get(&out.class_id)
            .is_some_and(|have| ArchiveKind::ALL.iter().all(|k| have.contains(k)));
        let (_, late) = archive_deadline(out.results_out_on, complete, &calendars[&assoc], today);
        if late {
            overdue.insert(out.class_id);
        }
    }
    Ok(overdue)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn tr_18_five_working_days_skip_weekends_holidays_and_count_make_up_days() {
        let none = BTreeMap::new();
        // Friday → the next Friday.
        assert_eq!(
            add_working_days(date!(2027 - 03 - 05), 5, &none),
            date!(2027 - 03 - 12)
        );
        let mut cal = BTreeMap::new();
        cal.insert(date!(2027 - 03 - 09), DayKind::Holiday);
        assert_eq!(
            add_working_days(date!(2027 - 03 - 05), 5, &cal),
            date!(2027 - 03 - 15)
        );
        cal.insert(date!(2027 - 03 - 13), DayKind::Workday);
        assert_eq!(
            add_working_days(date!(2027 - 03 - 05), 5, &cal),
            date!(2027 - 03 - 13)
        );
    }

    #[test]
    fn tr_18_overdue_the_day_after_the_due_day_unless_complete() {
        let none = BTreeMap::new();
        let out = date!(2027 - 03 - 05);
        assert_eq!(
            archive_deadline(out, false, &none, date!(2027 - 03 - 12)),
            (date!(2027 - 03 - 12), false)
        );
        assert_eq!(
            archive_deadline(out, false, &none, date!(2027 - 03 - 13)),
            (date!(2027 - 03 - 12), true)
        );
        assert_eq!(
            archive_deadline(out, true, &none, date!(2027 - 03 - 13)),
            (date!(2027 - 03 - 12), false)
        );
    }
}
