//! Bodies of the directory: persons, users, organizations, API clients, sanctions,
//! qualifications and relations.

use serde::Serialize;
use serde_json::{Value, json};

builder!(
    /// A valid person body; tweak with the methods.
    PersonBuilder
);

impl PersonBuilder {
    pub fn new(employer: uuid::Uuid) -> Self {
        PersonBuilder::numbered(employer, 1)
    }

    /// A person whose ID number differs by `n` (unique per `n` below 500).
    pub fn numbered(employer: uuid::Uuid, n: u16) -> Self {
        let birth = time::macros::date!(1986 - 05 - 20);
        let seq = 2 * n + 1; // odd: male
        PersonBuilder {
            body: json!({
                "name": format!("测试人员{n}"),
                "gender": "male",
                "birth_date": "1986-05-20",
                "national_id": directory::demo::national_id("430104", birth, seq),
                "employer_id": employer,
                "post": "检验员",
                "post_since": "2016-07-01",
            }),
        }
    }
}

builder!(
    /// A user of an organization holding `roles` (`POST /users`).
    UserBuilder
);

impl UserBuilder {
    /// Password `User-Pass-2026`, display name `测试用户`.
    pub fn new(login: &str, organization: uuid::Uuid, roles: &[&str]) -> Self {
        UserBuilder {
            body: json!({
                "login": login, "display_name": "测试用户", "password": "User-Pass-2026",
                "organization_id": organization, "roles": roles,
            }),
        }
    }

    pub fn display_name(self, name: &str) -> Self {
        self.set("display_name", name)
    }

    pub fn password(self, password: &str) -> Self {
        self.set("password", password)
    }
}

builder!(
    /// An organization (`POST /organizations`): an enterprise unless `kind` says otherwise.
    OrganizationBuilder
);

impl OrganizationBuilder {
    pub fn enterprise(name: &str, credit_code: &str, region_code: &str) -> Self {
        OrganizationBuilder {
            body: json!({"kind": "enterprise", "name": name, "credit_code": credit_code, "region_code": region_code}),
        }
    }

    pub fn kind(self, kind: &str) -> Self {
        self.set("kind", kind)
    }
}

builder!(
    /// A regulator's API client (`POST /api-clients`), named 省局数据平台.
    ApiClientBuilder
);

impl ApiClientBuilder {
    pub fn new(regulator: uuid::Uuid, scopes: &[&str]) -> Self {
        ApiClientBuilder {
            body: json!({"name": "省局数据平台", "organization_id": regulator, "scopes": scopes}),
        }
    }
}

builder!(
    /// A blacklist entry of a known person (`POST /blacklist`), listed today for 学历证书造假.
    BlacklistBuilder
);

impl BlacklistBuilder {
    pub fn new(association: uuid::Uuid, person: impl Serialize) -> Self {
        BlacklistBuilder {
            body: json!({"association_id": association, "person_id": person, "reason": "学历证书造假"}),
        }
    }

    /// Listed on `day` (`YYYY-MM-DD`) instead of today.
    pub fn listed_on(self, day: impl Serialize) -> Self {
        self.set("listed_on", day)
    }
}

builder!(
    /// A sanction (`POST /sanctions`) of a known person, from today: an EX-05 association ban
    /// for 殴打监考人员, or with [`SanctionBuilder::programme_ban`] an EX-04 ban of one course.
    SanctionBuilder
);

impl SanctionBuilder {
    /// EX-05: three years from all the association's training and exams.
    pub fn association_ban(association: uuid::Uuid, person: impl Serialize) -> Self {
        SanctionBuilder {
            body: json!({"association_id": association, "person_id": person, "rule": "EX-05", "reason": "殴打监考人员"}),
        }
    }

    /// EX-04: one year from the exams of `course` (the programme).
    pub fn programme_ban(
        association: uuid::Uuid,
        person: impl Serialize,
        course: impl Serialize,
    ) -> Self {
        SanctionBuilder {
            body: json!({"association_id": association, "person_id": person, "rule": "EX-04", "course_id": course, "reason": "理论考试替考"}),
        }
    }

    /// Barred from `day` (`YYYY-MM-DD`) instead of today.
    pub fn starts_on(self, day: impl Serialize) -> Self {
        self.set("starts_on", day)
    }
}

builder!(
    /// A qualification (`POST /persons/{id}/qualifications`): an evaluator's certificate
    /// JL-2026-0137 of 中国计量测试学会, valid from 2024-07-01 to 2027-06-30 (the last valid
    /// day).
    QualificationBuilder
);

impl QualificationBuilder {
    pub fn evaluator_certificate() -> Self {
        QualificationBuilder {
            body: json!({
                "kind": "evaluator_certificate", "number": "JL-2026-0137", "issuer": "中国计量测试学会",
                "valid_from": "2024-07-01", "valid_until": "2027-06-30",
            }),
        }
    }

    /// A signed commitment letter, valid from 2026-01-01 to 2028-12-31.
    pub fn commitment_letter() -> Self {
        QualificationBuilder {
            body: json!({
                "kind": "commitment_letter", "number": "CN-2026-0042", "issuer": "湖南省特种设备协会",
                "valid_from": "2026-01-01", "valid_until": "2028-12-31",
            }),
        }
    }

    /// Valid until `day` (`YYYY-MM-DD`), the last valid day.
    pub fn valid_until(self, day: impl Serialize) -> Self {
        self.set("valid_until", day)
    }

    /// Valid from `day` (`YYYY-MM-DD`).
    pub fn valid_from(self, day: impl Serialize) -> Self {
        self.set("valid_from", day)
    }
}

builder!(
    /// A declared relation (`POST /persons/{id}/relations`) to `related`: former colleagues
    /// (曾在同一检验所共事).
    RelationBuilder
);

impl RelationBuilder {
    pub fn new(related: impl Serialize) -> Self {
        RelationBuilder {
            body: json!({"related_person_id": related, "kind": "former_colleague", "note": "曾在同一检验所共事"}),
        }
    }

    /// Of `kind` (`kin`, `spouse`, `former_colleague`, `teacher_student`, `other`).
    pub fn kind(self, kind: &str) -> Self {
        self.set("kind", kind)
    }
}
