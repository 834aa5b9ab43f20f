//! Names of training's objects in the audit log: the directory reads the log and names its own
//! objects and the actors; classes, courses, plans, teachers, enrolments and refunds are named
//! here, so that a reader sees "王建国 · 2027年第1期压力容器检验员班" instead of an id.

use crate::Training;
use crate::entity::{class, course, enrolment, refund, teacher, training_plan};
use crate::error::Result;
use directory::entity::person;
use directory::service::audit::AuditRecord;
use kernel::db::names_by_id;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;
use uuid::Uuid;

impl Training {
    /// Fills `object_name` of the rows about training's objects, one statement per kind of
    /// object on the page.
    pub async fn name_audited(&self, rows: &mut [AuditRecord]) -> Result<()> {
        let db = &self.dir.db;
        let ids = |kind: &str| -> Vec<Uuid> {
            rows.iter()
                .filter(|r| r.object_type == kind)
                .filter_map(|r| r.object_id.parse().ok())
                .collect()
        };
        let (refunds, mut enrolments) = (ids("refund"), ids("enrolment"));
        let refunded: HashMap<Uuid, Uuid> = if refunds.is_empty() {
            HashMap::new()
        } else {
            refund::Entity::find()
                .select_only()
                .column(refund::Column::Id)
                .column(refund::Column::EnrolmentId)
                .filter(refund::Column::Id.is_in(refunds))
                .into_tuple::<(Uuid, Uuid)>()
                .all(db)
                .await?
                .into_iter()
                .collect()
        };
        enrolments.extend(refunded.values());
        let taken: Vec<(Uuid, Uuid, Uuid)> = if enrolments.is_empty() {
            Vec::new()
        } else {
            enrolment::Entity::find()
                .select_only()
                .column(enrolment::Column::Id)
                .column(enrolment::Column::PersonId)
                .column(enrolment::Column::ClassId)
                .filter(enrolment::Column::Id.is_in(enrolments))
                .into_tuple()
                .all(db)
                .await?
        };
        let mut class_ids = ids("class");
        class_ids.extend(taken.iter().map(|t| t.2));
        let classes =
            names_by_id::<class::Entity, _>(db, class::Column::Id, class::Column::Name, class_ids)
                .await?;
        let persons = names_by_id::<person::Entity, _>(
            db,
            person::Column::Id,
            person::Column::Name,
            taken.iter().map(|t| t.1),
        )
        .await?;
        let courses = names_by_id::<course::Entity, _>(
            db,
            course::Column::Id,
            course::Column::Name,
            ids("course"),
        )
        .await?;
        let plans = names_by_id::<training_plan::Entity, _>(
            db,
            training_plan::Column::Id,
            training_plan::Column::Title,
            ids("training_plan"),
        )
        .await?;
        let teachers = names_by_id::<teacher::Entity, _>(
            db,
            teacher::Column::Id,
            teacher::Column::Name,
            ids("teacher"),
        )
        .await?;
        // An enrolment reads as its trainee and class.
        let enrolled: HashMap<Uuid, String> = taken
            .iter()
            .map(|(id, p, c)| {
                let parts = [persons.get(p), classes.get(c)];
                let name: Vec<&str> = parts.iter().flatten().map(|s| s.as_str()).collect();
                (*id, name.join(" · "))
            })
            .collect();
        for r in rows.iter_mut() {
            let Ok(id) = r.object_id.parse::<Uuid>() else {
                continue;
            };
            let name = match r.object_type.as_str() {
                "class" => classes.get(&id),
                "course" => courses.get(&id),
                "training_plan" => plans.get(&id),
                "teacher" => teachers.get(&id),
                "enrolment" => enrolled.get(&id),
                "refund" => refunded.get(&id).and_then(|e| enrolled.get(e)),
                _ => continue,
            };
            r.object_name = name.cloned();
        }
        Ok(())
    }
}
