//! Demo data for `make run`: an association with its members, two regulators, one user per
//! role. Created through the services, so it is audited like any other change.

use crate::Directory;
use crate::entity::{membership, user};
use crate::error::Result;
use crate::model::{
    CreditCode, EducationLevel, Gender, NationalId, OrgKind, SocialInsurance, TitleLevel,
    UserStatus,
};
use crate::service::auth::hash_password;
use crate::service::organizations::OrganizationIn;
use crate::service::persons::PersonIn;
use kernel::state::StateList;
use kernel::{Actor, Role};
use sea_orm::{ActiveModelTrait, Set};
use time::macros::date;
use uuid::Uuid;

/// The password of every demo login (README lists them).
pub const DEMO_PASSWORD: &str = "Demo-Pass-2026";

/// Ids of the demo organizations, for tests and for later domains' demo data.
#[derive(Debug, Clone)]
pub struct DemoOrgs {
    pub association: Uuid,
    pub institution: Uuid,
    pub institution_2: Uuid,
    pub enterprise: Uuid,
    pub training_centre: Uuid,
    pub sub_centre: Uuid,
    pub regulator_province: Uuid,
    pub regulator_city: Uuid,
}

/// Demo logins: (login, display name, role, which organization).
pub const DEMO_USERS: [(&str, &str, Role, &str); 16] = [
    ("admin", "平台管理员", Role::PlatformAdmin, "association"),
    (
        "assoc.admin",
        "协会管理员 王芳",
        Role::AssociationAdmin,
        "association",
    ),
    (
        "assoc.staff",
        "协会培训部 李强",
        Role::AssociationStaff,
        "association",
    ),
    ("finance", "协会财务 张敏", Role::Finance, "association"),
    (
        "inst.admin",
        "检验院管理员 赵磊",
        Role::InstitutionAdmin,
        "institution",
    ),
    (
        "ent.officer",
        "燃气公司培训专员 陈静",
        Role::EnterpriseOfficer,
        "enterprise",
    ),
    (
        "ent.manager",
        "燃气公司培训负责人 刘洋",
        Role::EnterpriseManager,
        "enterprise",
    ),
    ("teacher", "讲师 周涛", Role::Teacher, "training_centre"),
    (
        "head.teacher",
        "班主任 吴霞",
        Role::HeadTeacher,
        "training_centre",
    ),
    ("evaluator", "考评员 郑伟", Role::Evaluator, "sub_centre"),
    ("proctor", "监考员 孙丽", Role::Proctor, "sub_centre"),
    (
        "exam.officer",
        "考务人员 何静",
        Role::ExamOfficer,
        "association",
    ),
    (
        "subcentre.admin",
        "分中心管理员 马军",
        Role::SubcentreAdmin,
        "sub_centre",
    ),
    (
        "regulator.province",
        "省市场监管局 黄斌",
        Role::Regulator,
        "regulator_province",
    ),
    (
        "regulator.city",
        "市市场监管局 林琳",
        Role::Regulator,
        "regulator_city",
    ),
    (
        "practitioner",
        "检验员 何明",
        Role::Practitioner,
        "institution",
    ),
];

impl DemoOrgs {
    pub fn by_key(&self, key: &str) -> Uuid {
        match key {
            "association" => self.association,
            "institution" => self.institution,
            "institution_2" => self.institution_2,
            "enterprise" => self.enterprise,
            "training_centre" => self.training_centre,
            "sub_centre" => self.sub_centre,
            "regulator_province" => self.regulator_province,
            _ => self.regulator_city,
        }
    }
}

/// A valid credit code derived from a short seed (demo and test data only).
pub fn credit_code(region: &str, n: u32) -> String {
    let body = format!("91{region}MA{n:07}");
    CreditCode::with_check(&body[..17])
        .map(|c| c.as_str().to_owned())
        .unwrap_or_default()
}

/// A valid ID number for a birth date and sequence (demo and test data only).
pub fn national_id(region: &str, birth: time::Date, seq: u16) -> String {
    let first17 = format!(
        "{region}{:04}{:02}{:02}{:03}",
        birth.year(),
        u8::from(birth.month()),
        birth.day(),
        seq % 1000
    );
    NationalId::with_check(&first17)
        .map(|n| n.expose().to_owned())
        .unwrap_or_default()
}

impl Directory {
    /// Creates the demo organizations in `province` with cities `cities`; another province
    /// and a name suffix let tests make a second, foreign tenant.
    pub async fn seed_demo_orgs(
        &self,
        suffix: &str,
        n0: u32,
        province: &str,
        cities: [&str; 2],
    ) -> Result<DemoOrgs> {
        let sys = Actor::system();
        let mut n = n0;
        let mut make = |kind: OrgKind, name: &str, region: &str, association_id: Option<Uuid>| {
            n += 1;
            OrganizationIn {
                kind,
                name: format!("{name}{suffix}"),
                credit_code: credit_code(region, n),
                region_code: region.to_owned(),
                association_id,
            }
        };
        let association = self
            .create_organization(
                &sys,
                make(OrgKind::Association, "湖南省特种设备协会", province, None),
            )
            .await?
            .id;
        let a = Some(association);
        let institution = self
            .create_organization(
                &sys,
                make(
                    OrgKind::InspectionInstitution,
                    "湖南省特种设备检验检测研究院",
                    cities[0],
                    a,
                ),
            )
            .await?
            .id;
        let institution_2 = self
            .create_organization(
                &sys,
                make(
                    OrgKind::InspectionInstitution,
                    "株洲市特种设备检验检测所",
                    cities[1],
                    a,
                ),
            )
            .await?
            .id;
        let enterprise = self
            .create_organization(
                &sys,
                make(OrgKind::Enterprise, "长沙新奥燃气有限公司", cities[0], a),
            )
            .await?
            .id;
        let training_centre = self
            .create_organization(
                &sys,
                make(
                    OrgKind::TrainingCentre,
                    "湖南特种设备培训中心",
                    cities[0],
                    a,
                ),
            )
            .await?
            .id;
        let sub_centre = self
            .create_organization(
                &sys,
                make(
                    OrgKind::SubCentre,
                    "计量测试职业能力评价长沙分中心",
                    cities[0],
                    a,
                ),
            )
            .await?
            .id;
        let regulator_province = self
            .create_organization(
                &sys,
                make(OrgKind::Regulator, "湖南省市场监督管理局", province, None),
            )
            .await?
            .id;
        let regulator_city = self
            .create_organization(
                &sys,
                make(OrgKind::Regulator, "长沙市市场监督管理局", cities[0], None),
            )
            .await?
            .id;
        Ok(DemoOrgs {
            association,
            institution,
            institution_2,
            enterprise,
            training_centre,
            sub_centre,
            regulator_province,
            regulator_city,
        })
    }

    /// Creates one user per role with the demo password (hashed once), logins prefixed by
    /// `prefix` so tests can make a second tenant's users.
    pub async fn seed_demo_users(
        &self,
        orgs: &DemoOrgs,
        prefix: &str,
    ) -> Result<Vec<(String, Uuid)>> {
        let hash = hash_password(DEMO_PASSWORD).await?;
        let sys = Actor::system();
        let now = self.clock.now();
        let mut out = Vec::new();
        for (login, name, role, org_key) in DEMO_USERS {
            let id = Uuid::now_v7();
            let login = format!("{prefix}{login}");
            user::ActiveModel {
                id: Set(id),
                login: Set(login.clone()),
                password_hash: Set(hash.clone()),
                display_name: Set(name.to_owned()),
                phone: Set(None),
                status: Set(UserStatus::Active),
                session_epoch: Set(0),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(&self.db)
            .await?;
            membership::ActiveModel {
                id: Set(Uuid::now_v7()),
                user_id: Set(id),
                organization_id: Set(orgs.by_key(org_key)),
                roles: Set(StateList(vec![role])),
                created_at: Set(now),
            }
            .insert(&self.db)
            .await?;
            let txn = kernel::db::begin_write(&self.db).await?;
            kernel::audit::AuditEntry::new("user.seed", "user", id)
                .in_org(orgs.by_key(org_key))
                .change(serde_json::json!({"after": {"login": login, "role": role.as_str()}}))
                .record(&txn, &sys, now)
                .await?;
            txn.commit().await?;
            out.push((login, id));
        }
        Ok(out)
    }

    /// The whole demo directory, once: organizations, users, a few practitioners.
    pub async fn seed_demo(&self) -> Result<Option<DemoOrgs>> {
        if self.count_organizations().await? > 0 {
            return Ok(None);
        }
        let orgs = self
            .seed_demo_orgs("", 0, "430000", ["430100", "430200"])
            .await?;
        let users = self.seed_demo_users(&orgs, "").await?;
        let practitioner_user = users
            .iter()
            .find(|(l, _)| l == "practitioner")
            .map(|(_, id)| *id);
        let sys = Actor::system();
        let people = [
            (
                "何明",
                Gender::Male,
                date!(1985 - 04 - 12),
                orgs.institution,
                "检验员",
                practitioner_user,
            ),
            (
                "李娟",
                Gender::Female,
                date!(1990 - 09 - 03),
                orgs.institution,
                "检验员",
                None,
            ),
            (
                "王建国",
                Gender::Male,
                date!(1972 - 01 - 25),
                orgs.institution_2,
                "检验师",
                None,
            ),
            (
                "陈晓燕",
                Gender::Female,
                date!(1993 - 11 - 30),
                orgs.enterprise,
                "气瓶充装工",
                None,
            ),
            (
                "赵志刚",
                Gender::Male,
                date!(1988 - 06 - 18),
                orgs.enterprise,
                "燃气管道巡检员",
                None,
            ),
        ];
        for (i, (name, gender, birth, employer, post, user_id)) in people.into_iter().enumerate() {
            let seq = if gender == Gender::Male {
                11 + 2 * i as u16
            } else {
                12 + 2 * i as u16
            };
            self.create_person(
                &sys,
                PersonIn {
                    name: name.into(),
                    gender,
                    birth_date: birth,
                    national_id: national_id("430102", birth, seq),
                    education_level: Some(EducationLevel::Bachelor),
                    school: Some("湖南大学".into()),
                    education_certificate_no: Some(format!("105321200{i}05000{i}")),
                    title: Some("工程师".into()),
                    title_level: Some(TitleLevel::Intermediate),
                    employer_id: employer,
                    post: Some(post.into()),
                    post_since: Some(date!(2015 - 03 - 01)),
                    social_insurance: Some(SocialInsurance::Continuous),
                    user_id,
                },
            )
            .await?;
        }
        Ok(Some(orgs))
    }
}
