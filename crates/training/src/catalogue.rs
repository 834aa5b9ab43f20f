//! Course materials and the accident-case library (TR-01, TR-03). Materials are files attached
//! to a course — checked by type and leading bytes, capped in size, stored under the data
//! directory — and handed back with their own content type. Accident cases ("收集整理特种设备
//! 安全事故案例…案例教学", seed 002 §3(1)3) belong to an association's library and are linked to
//! the courses that teach them.

use crate::Training;
use crate::access::associations_in_reach;
use crate::entity::{accident_case, accident_case_course, course, course_material};
use crate::error::{Result, TrainingError, checked, invalid_fields, noun};
use crate::files;
use crate::plan::iso_date;
use kernel::audit::AuditEntry;
use kernel::db::begin_write;
use kernel::equipment::EquipmentCategory;
use kernel::{Actor, FieldError};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::path::Path;
use time::Date;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

/// Largest material (slides, a scanned handbook, a short video).
pub const MATERIAL_LIMIT: usize = 50 * 1024 * 1024;

/// The material types accepted.
pub const MATERIAL_TYPES: [&str; 7] = [
    files::PDF,
    files::DOCX,
    files::PPTX,
    files::XLSX,
    files::JPEG,
    files::PNG,
    files::MP4,
];

/// A course material.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Material {
    pub id: Uuid,
    pub course_id: Uuid,
    pub title: String,
    pub content_type: String,
    pub size: i64,
    #[serde(with = "kernel::utc")]
    pub added_at: time::OffsetDateTime,
}

/// A new accident case.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccidentCaseIn {
    pub association_id: Uuid,
    #[validate(custom(function = "kernel::text::required_text_200"))]
    pub title: String,
    /// The day of the accident; not in the future.
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub occurred_on: Date,
    pub equipment_category: EquipmentCategory,
    #[validate(custom(function = "kernel::text::required_text_10000"))]
    pub summary: String,
    /// 经验教训.
    #[validate(custom(function = "kernel::text::required_text_10000"))]
    pub lessons: String,
    /// Courses of the same association that teach the case.
    #[serde(default)]
    pub course_ids: Vec<Uuid>,
}

/// An accident case of the library.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AccidentCase {
    pub id: Uuid,
    pub association_id: Uuid,
    pub title: String,
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub occurred_on: Date,
    pub equipment_category: EquipmentCategory,
    pub summary: String,
    pub lessons: String,
    pub course_ids: Vec<Uuid>,
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AccidentCaseQuery {
    /// Only the cases linked to this course.
    pub course_id: Option<Uuid>,
}

fn to_material(m: course_material::Model) -> Material {
    Material {
        id: m.id,
        course_id: m.course_id,
        title: m.title,
        content_type: m.content_type,
        size: m.size,
        added_at: m.added_at,
    }
}

/// A material's form fields (the file comes beside them in the multipart body).
#[derive(Validate)]
struct MaterialIn<'a> {
    #[validate(custom(function = "kernel::text::required_text_200"))]
    title: &'a str,
}

impl Training {
    /// Association staff attach a file to a course; `title` names it.
    #[allow(clippy::too_many_arguments)]
    pub async fn upload_material(
        &self,
        actor: &Actor,
        data_dir: &Path,
        course_id: Uuid,
        title: &str,
        content_type: &str,
        bytes: &[u8],
    ) -> Result<Material> {
        let txn = begin_write(&self.dir.db).await?;
        let c = self.course_to_edit(&txn, actor, course_id).await?;
        checked(&MaterialIn { title })?;
        let title = title.trim();
        let checked = files::check(content_type, bytes, &MATERIAL_TYPES, MATERIAL_LIMIT)?;
        let id = Uuid::now_v7();
        let rel = files::store(data_dir, "materials", c.id, id, checked.ext, bytes)?;
        let now = self.dir.clock.now();
        let written = async {
            let row = course_material::ActiveModel {
                id: Set(id),
                course_id: Set(c.id),
                title: Set(title.to_owned()),
                content_type: Set(checked.media.to_owned()),
                size: Set(i64::try_from(bytes.len()).unwrap_or(i64::MAX)),
                stored_as: Set(rel.to_string_lossy().into_owned()),
                added_by: Set(actor.id()),
                added_at: Set(now),
            }
            .insert(&txn)
            .await?;
            AuditEntry::new("course.add_material", "course", c.id)
                .in_org(c.association_id)
                .change(json!({"material": row.id, "title": row.title, "content_type": row.content_type, "size": row.size}))
                .record(&txn, actor, now)
                .await?;
            Ok::<_, TrainingError>(row)
        }
        .await;
        let row = files::commit_or_remove(txn, data_dir, &rel, written).await?;
        Ok(to_material(row))
    }

    /// A course's materials, newest last.
    pub async fn list_materials(&self, actor: &Actor, course_id: Uuid) -> Result<Vec<Material>> {
        let db = &self.dir.db;
        let c = self.course_in_reach(db, actor, course_id).await?;
        Ok(course_material::Entity::find()
            .filter(course_material::Column::CourseId.eq(c.id))
            .order_by_asc(course_material::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(to_material)
            .collect())
    }

    /// The stored file of a material, with its content type.
    pub async fn material_file(
        &self,
        actor: &Actor,
        data_dir: &Path,
        id: Uuid,
    ) -> Result<files::FileOut> {
        let db = &self.dir.db;
        let m = course_material::Entity::find_by_id(id)
            .one(db)
            .await?
            .ok_or(TrainingError::not_found(noun::MATERIAL))?;
        self.course_in_reach(db, actor, m.course_id)
            .await
            .map_err(|_| TrainingError::not_found(noun::MATERIAL))?;
        Ok(files::FileOut {
            file_name: format!("{}.{}", m.id, files::ext_of(&m.content_type)),
            bytes: files::read(data_dir, &m.stored_as)?,
            content_type: m.content_type,
        })
    }

    /// Association staff add a case to the library, linked to courses of the association.
    pub async fn create_accident_case(
        &self,
        actor: &Actor,
        input: AccidentCaseIn,
    ) -> Result<AccidentCase> {
        if !Self::staff_of(actor, input.association_id) {
            return Err(Self::not_staff(actor, input.association_id));
        }
        crate::classes::require_association(&self.dir.db, input.association_id).await?;
        let mut errors = invalid_fields(&input);
        if input.occurred_on > self.dir.clock.today_shanghai() {
            errors.push(FieldError::new(
                "/occurred_on",
                "future",
                "不能是未来日期",
                "not a future day",
            ));
        }
        let mut course_ids = input.course_ids.clone();
        course_ids.sort_unstable();
        course_ids.dedup();
        if course_ids.len() > 100 {
            errors.push(FieldError::new(
                "/course_ids",
                "count",
                "最多100门课程",
                "at most 100 courses",
            ));
        }
        let txn = begin_write(&self.dir.db).await?;
        let found = course::Entity::find()
            .filter(course::Column::Id.is_in(course_ids.clone()))
            .filter(course::Column::AssociationId.eq(input.association_id))
            .all(&txn)
            .await?;
        for (i, id) in input.course_ids.iter().enumerate() {
            if !found.iter().any(|c| c.id == *id) {
                errors.push(FieldError::new(
                    format!("/course_ids/{i}"),
                    "not_found",
                    "本协会无此课程",
                    "no such course in this association",
                ));
            }
        }
        if !errors.is_empty() {
            return Err(TrainingError::invalid(errors));
        }
        let now = self.dir.clock.now();
        let row = accident_case::ActiveModel {
            id: Set(Uuid::now_v7()),
            association_id: Set(input.association_id),
            title: Set(input.title.trim().to_owned()),
            occurred_on: Set(input.occurred_on),
            equipment_category: Set(input.equipment_category),
            summary: Set(input.summary.trim().to_owned()),
            lessons: Set(input.lessons.trim().to_owned()),
            created_by: Set(actor.id()),
            created_at: Set(now),
        }
        .insert(&txn)
        .await?;
        for c in &course_ids {
            accident_case_course::ActiveModel {
                id: Set(Uuid::now_v7()),
                case_id: Set(row.id),
                course_id: Set(*c),
            }
            .insert(&txn)
            .await?;
        }
        AuditEntry::new("accident_case.create", "accident_case", row.id)
            .in_org(row.association_id)
            .change(json!({"title": row.title, "occurred_on": row.occurred_on.to_string(), "equipment_category": row.equipment_category, "course_ids": course_ids}))
            .record(&txn, actor, now)
            .await?;
        txn.commit().await?;
        Ok(AccidentCase {
            id: row.id,
            association_id: row.association_id,
            title: row.title,
            occurred_on: row.occurred_on,
            equipment_category: input.equipment_category,
            summary: row.summary,
            lessons: row.lessons,
            course_ids,
        })
    }

    /// The cases of the associations in the caller's reach, newest accident first; optionally
    /// only those linked to one course.
    pub async fn list_accident_cases(
        &self,
        actor: &Actor,
        q: AccidentCaseQuery,
    ) -> Result<Vec<AccidentCase>> {
        let db = &self.dir.db;
        let mut find = accident_case::Entity::find();
        if let Some(a) = associations_in_reach(db, actor).await? {
            find = find.filter(accident_case::Column::AssociationId.is_in(a));
        }
        if let Some(c) = q.course_id {
            let c = self.course_in_reach(db, actor, c).await?;
            let ids: Vec<Uuid> = accident_case_course::Entity::find()
                .filter(accident_case_course::Column::CourseId.eq(c.id))
                .all(db)
                .await?
                .into_iter()
                .map(|l| l.case_id)
                .collect();
            find = find.filter(accident_case::Column::Id.is_in(ids));
        }
        let rows = find
            .order_by_desc(accident_case::Column::OccurredOn)
            .order_by_asc(accident_case::Column::Id)
            .all(db)
            .await?;
        let links = accident_case_course::Entity::find()
            .filter(accident_case_course::Column::CaseId.is_in(rows.iter().map(|r| r.id)))
            .all(db)
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| AccidentCase {
                course_ids: links
                    .iter()
                    .filter(|l| l.case_id == r.id)
                    .map(|l| l.course_id)
                    .collect(),
                id: r.id,
                association_id: r.association_id,
                title: r.title,
                occurred_on: r.occurred_on,
                equipment_category: r.equipment_category,
                summary: r.summary,
                lessons: r.lessons,
            })
            .collect())
    }

    /// One case, in the caller's reach.
    pub async fn get_accident_case(&self, actor: &Actor, id: Uuid) -> Result<AccidentCase> {
        let db = &self.dir.db;
        let r = accident_case::Entity::find_by_id(id)
            .one(db)
            .await?
            .ok_or(TrainingError::not_found(noun::ACCIDENT_CASE))?;
        if let Some(a) = associations_in_reach(db, actor).await?
            && !a.contains(&r.association_id)
        {
            return Err(TrainingError::not_found(noun::ACCIDENT_CASE));
        }
        let links = accident_case_course::Entity::find()
            .filter(accident_case_course::Column::CaseId.eq(r.id))
            .all(db)
            .await?;
        Ok(AccidentCase {
            course_ids: links.into_iter().map(|l| l.course_id).collect(),
            id: r.id,
            association_id: r.association_id,
            title: r.title,
            occurred_on: r.occurred_on,
            equipment_category: r.equipment_category,
            summary: r.summary,
            lessons: r.lessons,
        })
    }
}
