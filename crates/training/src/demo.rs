//! Demo training data for `make run`, created through the services (so it is audited): a
//! course, an upcoming class two weeks from now with published fees, its sessions and head
//! teacher, a remote class, and the `trainee` login — a practitioner of the demo enterprise
//! linked to the person 周建华 — so the enrolment journey works with the README logins.

use crate::Training;
use crate::attendance::{HeadTeacherIn, SessionIn};
use crate::classes::{ClassIn, CourseIn};
use crate::error::Result;
use crate::model::{Delivery, SessionKind, Topic};
use directory::demo::{DEMO_PASSWORD, DemoOrgs, national_id};
use directory::entity::user;
use directory::model::{EducationLevel, Gender, SocialInsurance, TitleLevel};
use directory::service::persons::PersonIn;
use directory::service::users::UserIn;
use kernel::clock::SHANGHAI;
use kernel::equipment::EquipmentCategory;
use kernel::{Actor, Role};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use time::macros::{date, time};
use time::{Duration, OffsetDateTime, PrimitiveDateTime};

/// The demo trainee's login (README lists it).
pub const DEMO_TRAINEE_LOGIN: &str = "trainee";
/// The person the demo trainee's account is linked to.
pub const DEMO_TRAINEE_NAME: &str = "周建华";
/// The upcoming demo class the journey enrols into.
pub const DEMO_CLASS_NAME: &str = "燃气管道巡检员安全技术培训班";
/// Where it meets.
pub const DEMO_VENUE: &str = "长沙市岳麓区麓谷大道627号 湖南特种设备培训中心 201教室";

/// 09:00 Asia/Shanghai on the day `days` after today there.
fn at_nine(now: OffsetDateTime, days: i64) -> OffsetDateTime {
    let day = now.to_offset(SHANGHAI).date() + Duration::days(days);
    PrimitiveDateTime::new(day, time!(09:00)).assume_offset(SHANGHAI)
}

impl Training {
    /// Seeds the demo training data (once, after the demo directory).
    pub async fn seed_demo(&self, orgs: &DemoOrgs) -> Result<()> {
        let sys = Actor::system();
        let trainee = self
            .dir
            .create_user(
                &sys,
                UserIn {
                    login: DEMO_TRAINEE_LOGIN.into(),
                    display_name: format!("燃气管道巡检员 {DEMO_TRAINEE_NAME}"),
                    phone: None,
                    password: DEMO_PASSWORD.into(),
                    organization_id: Some(orgs.enterprise),
                    roles: vec![Role::Practitioner],
                },
            )
            .await?;
        let birth = date!(1991 - 07 - 16);
        self.dir
            .create_person(
                &sys,
                PersonIn {
                    name: DEMO_TRAINEE_NAME.into(),
                    gender: Gender::Male,
                    birth_date: birth,
                    national_id: national_id("430103", birth, 31),
                    education_level: Some(EducationLevel::JuniorCollege),
                    school: Some("湖南安全技术职业学院".into()),
                    education_certificate_no: Some("128451201205001234".into()),
                    title: Some("助理工程师".into()),
                    title_level: Some(TitleLevel::Junior),
                    employer_id: orgs.enterprise,
                    post: Some("燃气管道巡检员".into()),
                    post_since: Some(date!(2019 - 04 - 01)),
                    social_insurance: Some(SocialInsurance::Continuous),
                    user_id: Some(trainee.id),
                },
            )
            .await?;

        let course = self
            .create_course(
                &sys,
                CourseIn {
                    association_id: orgs.association,
                    name: "燃气管道安全技术规范".into(),
                    topic: Topic::SafetyTechnicalSpecifications,
                    equipment_categories: vec![EquipmentCategory::PressurePipeline],
                    delivery: Delivery::FaceToFace,
                    theory_hours: 16,
                    practical_hours: 8,
                },
            )
            .await?;
        let now = self.dir.clock.now();
        let start = at_nine(now, 14);
        let class = self
            .create_class(
                &sys,
                ClassIn {
                    course_id: course.id,
                    name: DEMO_CLASS_NAME.into(),
                    starts_at: start,
                    ends_at: start + Duration::days(2) + Duration::hours(8),
                    venue: Some(DEMO_VENUE.into()),
                    online_link: None,
                    capacity: 30,
                    training_fee: 80_000,
                    exam_fee: 20_000,
                },
            )
            .await?;
        for day in 0..3 {
            for (from, to) in [(0, 3), (5, 8)] {
                let d = start + Duration::days(day);
                self.add_session(
                    &sys,
                    class.id,
                    SessionIn {
                        starts_at: d + Duration::hours(from),
                        ends_at: d + Duration::hours(to),
                        // TR-19: after the first day the afternoons are the practical part.
                        kind: if day >= 1 && from == 5 {
                            SessionKind::Practical
                        } else {
                            SessionKind::Theory
                        },
                    },
                )
                .await?;
            }
        }
        let head_teacher = user::Entity::find()
            .filter(user::Column::Login.eq("head.teacher"))
            .one(&self.dir.db)
            .await?;
        if let Some(h) = head_teacher {
            self.set_head_teacher(&sys, class.id, HeadTeacherIn { user_id: h.id })
                .await?;
        }

        let law = self
            .create_course(
                &sys,
                CourseIn {
                    association_id: orgs.association,
                    name: "特种设备安全法律法规".into(),
                    topic: Topic::LawsAndRegulations,
                    equipment_categories: vec![],
                    delivery: Delivery::Remote,
                    theory_hours: 8,
                    practical_hours: 0,
                },
            )
            .await?;
        let online = at_nine(now, 30);
        self.create_class(
            &sys,
            ClassIn {
                course_id: law.id,
                name: "特种设备安全法律法规远程培训班".into(),
                starts_at: online,
                ends_at: online + Duration::hours(8),
                venue: None,
                online_link: Some("https://meeting.example.cn/hnsea/law-2".into()),
                capacity: 200,
                training_fee: 30_000,
                exam_fee: 0,
            },
        )
        .await?;
        Ok(())
    }
}
