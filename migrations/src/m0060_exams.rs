//! The exams domain (issue 16, EX-01..EX-11): question banks with versioned questions, papers,
//! sittings with their staff and roster, online attempts with their answers and marks,
//! practical scores, results, misconduct incidents and recording references. (m0058 and m0059
//! are the directory's registries for exams: one sanctions registry, qualifications and
//! declared relations.)

use crate::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0060_exams"
    }
}

fn table(name: &str, cols: Vec<ColumnDef>) -> TableCreateStatement {
    let mut t = Table::create();
    t.table(Alias::new(name));
    for mut c in cols {
        t.col(&mut c);
    }
    t.to_owned()
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut banks = table(
            "exam_banks",
            vec![
                id("id"),
                uuid("owner_id"),
                text("name"),
                text("topic"),
                text_null("equipment_category"),
                text_null("level"),
                uuid("created_by"),
                ts("created_at"),
                int("version"),
            ],
        );
        m.create_table(
            banks
                .foreign_key(&mut fk("exam_banks", "owner_id", "organizations"))
                .to_owned(),
        )
        .await?;
        let mut questions = table(
            "exam_questions",
            vec![
                id("id"),
                uuid("bank_id"),
                int("current_version"),
                ts_null("retired_at"),
                ts("created_at"),
            ],
        );
        m.create_table(
            questions
                .foreign_key(&mut fk("exam_questions", "bank_id", "exam_banks"))
                .to_owned(),
        )
        .await?;
        let mut versions = table(
            "exam_question_versions",
            vec![
                id("id"),
                uuid("question_id"),
                uuid("bank_id"),
                int("version"),
                text("kind"),
                text("stem"),
                json("options"),
                json("answer_key"),
                int("points"),
                text("topic"),
                int("difficulty"),
                uuid("created_by"),
                ts("created_at"),
            ],
        );
        m.create_table(
            versions
                .foreign_key(&mut fk(
                    "exam_question_versions",
                    "question_id",
                    "exam_questions",
                ))
                .to_owned(),
        )
        .await?;
        let mut papers = table(
            "exam_papers",
            vec![
                id("id"),
                uuid("bank_id"),
                uuid("owner_id"),
                text("title"),
                uuid_null("course_id"),
                text("book"),
                text("mode"),
                int("duration_minutes"),
                int("pass_mark"),
                json("blueprint"),
                json("stations"),
                flag("skill_level"),
                flag("double_marking"),
                int("tolerance"),
                uuid("created_by"),
                ts("created_at"),
                int("version"),
            ],
        );
        m.create_table(
            papers
                .foreign_key(&mut fk("exam_papers", "bank_id", "exam_banks"))
                .to_owned(),
        )
        .await?;
        let mut items = table(
            "exam_paper_items",
            vec![
                id("id"),
                uuid("paper_id"),
                int("position"),
                uuid("question_version_id"),
                int("points"),
            ],
        );
        m.create_table(
            items
                .foreign_key(&mut fk("exam_paper_items", "paper_id", "exam_papers"))
                .to_owned(),
        )
        .await?;
        let mut sittings = table(
            "exam_sittings",
            vec![
                id("id"),
                uuid("association_id"),
                uuid("class_id"),
                uuid("course_id"),
                uuid("paper_id"),
                text("title"),
                ts("opens_at"),
                ts("closes_at"),
                text_null("place"),
                text("status"),
                uuid("created_by"),
                ts("created_at"),
                int("version"),
            ],
        );
        m.create_table(
            sittings
                .foreign_key(&mut fk("exam_sittings", "class_id", "classes"))
                .foreign_key(&mut fk("exam_sittings", "paper_id", "exam_papers"))
                .to_owned(),
        )
        .await?;
        let mut staff = table(
            "exam_staff",
            vec![
                id("id"),
                uuid("sitting_id"),
                uuid("person_id"),
                uuid("user_id"),
                text("duty"),
                uuid("assigned_by"),
                ts("assigned_at"),
            ],
        );
        m.create_table(
            staff
                .foreign_key(&mut fk("exam_staff", "sitting_id", "exam_sittings"))
                .to_owned(),
        )
        .await?;
        let mut candidates = table(
            "exam_candidates",
            vec![
                id("id"),
                uuid("sitting_id"),
                uuid("enrolment_id"),
                uuid("person_id"),
                int("attempt_no"),
                flag("fee_due"),
                ts_null("fee_paid_at"),
                text_null("fee_receipt_no"),
                ColumnDef::new(Alias::new("seat"))
                    .integer()
                    .null()
                    .to_owned(),
                uuid_null("evaluator_id"),
                uuid_null("second_evaluator_id"),
                uuid_null("third_evaluator_id"),
                ts_null("signed_in_at"),
                uuid("registered_by"),
                ts("registered_at"),
            ],
        );
        m.create_table(
            candidates
                .foreign_key(&mut fk("exam_candidates", "sitting_id", "exam_sittings"))
                .foreign_key(&mut fk("exam_candidates", "enrolment_id", "enrolments"))
                .to_owned(),
        )
        .await?;
        let mut attempts = table(
            "exam_attempts",
            vec![
                id("id"),
                uuid("sitting_id"),
                uuid("candidate_id"),
                uuid("person_id"),
                big("seed"),
                ts("started_at"),
                ts("deadline"),
                ts_null("submitted_at"),
                text("status"),
                ColumnDef::new(Alias::new("objective_points"))
                    .integer()
                    .null()
                    .to_owned(),
                int("max_points"),
                int("version"),
            ],
        );
        m.create_table(
            attempts
                .foreign_key(&mut fk("exam_attempts", "candidate_id", "exam_candidates"))
                .to_owned(),
        )
        .await?;
        let mut attempt_items = table(
            "exam_attempt_items",
            vec![
                id("id"),
                uuid("attempt_id"),
                int("position"),
                uuid("question_version_id"),
                int("points"),
            ],
        );
        m.create_table(
            attempt_items
                .foreign_key(&mut fk("exam_attempt_items", "attempt_id", "exam_attempts"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Alias::new("exam_answers"))
                .col(uuid("attempt_id"))
                .col(int("position"))
                .col(big("seq"))
                .col(json("response"))
                .col(ts("saved_at"))
                .primary_key(
                    Index::create()
                        .col(Alias::new("attempt_id"))
                        .col(Alias::new("position")),
                )
                .foreign_key(&mut fk("exam_answers", "attempt_id", "exam_attempts"))
                .to_owned(),
        )
        .await?;
        let mut marks = table(
            "exam_marks",
            vec![
                id("id"),
                uuid("attempt_id"),
                int("position"),
                uuid("marker_id"),
                int("points"),
                ts("marked_at"),
            ],
        );
        m.create_table(
            marks
                .foreign_key(&mut fk("exam_marks", "attempt_id", "exam_attempts"))
                .to_owned(),
        )
        .await?;
        let mut practical = table(
            "exam_practical_scores",
            vec![
                id("id"),
                uuid("candidate_id"),
                int("station"),
                uuid("evaluator_id"),
                int("points"),
                json("checks"),
                json("records"),
                ts("scored_at"),
            ],
        );
        m.create_table(
            practical
                .foreign_key(&mut fk(
                    "exam_practical_scores",
                    "candidate_id",
                    "exam_candidates",
                ))
                .to_owned(),
        )
        .await?;
        let mut results = table(
            "exam_results",
            vec![
                id("id"),
                uuid("sitting_id"),
                uuid("candidate_id"),
                uuid("enrolment_id"),
                uuid("person_id"),
                uuid("association_id"),
                uuid("course_id"),
                int("theory_score"),
                ColumnDef::new(Alias::new("practical_score"))
                    .integer()
                    .null()
                    .to_owned(),
                text("outcome"),
                int("attempt_no"),
                ts("published_at"),
            ],
        );
        m.create_table(
            results
                .foreign_key(&mut fk("exam_results", "candidate_id", "exam_candidates"))
                .to_owned(),
        )
        .await?;
        let mut incidents = table(
            "exam_incidents",
            vec![
                id("id"),
                uuid("sitting_id"),
                uuid("candidate_id"),
                uuid("person_id"),
                text("kind"),
                ts("occurred_at"),
                text("evidence"),
                text_null("witness"),
                text("consequence"),
                uuid_null("sanction_id"),
                uuid("recorded_by"),
                ts("recorded_at"),
            ],
        );
        m.create_table(
            incidents
                .foreign_key(&mut fk("exam_incidents", "candidate_id", "exam_candidates"))
                .to_owned(),
        )
        .await?;
        let mut recordings = table(
            "exam_recordings",
            vec![
                id("id"),
                uuid("sitting_id"),
                text("uri"),
                text("sha256"),
                int("duration_seconds"),
                uuid("recorded_by"),
                ts("recorded_at"),
            ],
        );
        m.create_table(
            recordings
                .foreign_key(&mut fk("exam_recordings", "sitting_id", "exam_sittings"))
                .to_owned(),
        )
        .await?;
        // What the database holds, not a read first: one version number per question, one
        // position per paper and attempt, one roster row per enrolment and sitting, one
        // attempt and one result per candidate, one mark per marker and answer, one score per
        // station and evaluator, one duty per person and sitting.
        for (t, cols, unique) in [
            ("exam_banks", &["owner_id"][..], false),
            ("exam_questions", &["bank_id"][..], false),
            (
                "exam_question_versions",
                &["question_id", "version"][..],
                true,
            ),
            ("exam_question_versions", &["bank_id"][..], false),
            ("exam_papers", &["owner_id"][..], false),
            ("exam_paper_items", &["paper_id", "position"][..], true),
            ("exam_sittings", &["class_id"][..], false),
            ("exam_sittings", &["association_id"][..], false),
            ("exam_staff", &["sitting_id", "person_id", "duty"][..], true),
            ("exam_staff", &["user_id"][..], false),
            ("exam_candidates", &["sitting_id", "enrolment_id"][..], true),
            ("exam_candidates", &["enrolment_id"][..], false),
            ("exam_candidates", &["person_id"][..], false),
            ("exam_attempts", &["candidate_id"][..], true),
            ("exam_attempts", &["sitting_id"][..], false),
            ("exam_attempts", &["status", "deadline"][..], false),
            ("exam_attempt_items", &["attempt_id", "position"][..], true),
            (
                "exam_marks",
                &["attempt_id", "position", "marker_id"][..],
                true,
            ),
            (
                "exam_practical_scores",
                &["candidate_id", "station", "evaluator_id"][..],
                true,
            ),
            ("exam_results", &["candidate_id"][..], true),
            ("exam_results", &["person_id", "course_id"][..], false),
            ("exam_results", &["sitting_id"][..], false),
            ("exam_incidents", &["sitting_id"][..], false),
            ("exam_incidents", &["kind", "recorded_at"][..], false),
            ("exam_recordings", &["sitting_id"][..], false),
        ] {
            m.create_index(index(t, cols, unique)).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "exam_recordings",
            "exam_incidents",
            "exam_results",
            "exam_practical_scores",
            "exam_marks",
            "exam_answers",
            "exam_attempt_items",
            "exam_attempts",
            "exam_candidates",
            "exam_staff",
            "exam_sittings",
            "exam_paper_items",
            "exam_papers",
            "exam_question_versions",
            "exam_questions",
            "exam_banks",
        ] {
            m.drop_table(Table::drop().table(Alias::new(t)).to_owned())
                .await?;
        }
        Ok(())
    }
}
