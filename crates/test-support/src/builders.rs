//! Request bodies as builders: each starts valid with the demo tenant's usual values, and a
//! test changes only the field it is about (`set`, `without`, or a named setter), so that the
//! body says what the test varies and nothing else.
//!
//! What stays a `json!` literal in the tests, and why:
//! - a body that IS the point of the test: malformed or hostile input in `contract.rs`,
//!   `hygiene.rs`, `problems.rs` (a NUL, an unknown field, a wrong type, a blank or 501-character
//!   reason), where a builder would hide the one thing the test is about;
//! - bodies of one field that carry no domain object (`{"post": "x"}` in an `If-Match` test,
//!   `{"refresh_token": …}`, `{"password": …}`, `{"seconds_watched": n}`, a rename patch) and
//!   `json!(null)` for the steps that take no body;
//! - expected values in assertions (`assert_eq!(a.body["items"], json!([]))`), and the JSON a
//!   test reads out of the OpenAPI document or writes into the database directly.

use serde::Serialize;
use serde_json::{Value, json};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

/// RFC 3339 text of an instant, the way the API takes it.
pub fn instant(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

macro_rules! builder {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        #[must_use]
        pub struct $name {
            body: Value,
        }

        impl $name {
            /// Sets (or adds) `key`.
            pub fn set(mut self, key: &str, value: impl Serialize) -> Self {
                self.body[key] = serde_json::to_value(value).unwrap_or(Value::Null);
                self
            }

            /// Leaves `key` out.
            pub fn without(mut self, key: &str) -> Self {
                if let Some(m) = self.body.as_object_mut() {
                    m.remove(key);
                }
                self
            }

            pub fn build(self) -> Value {
                self.body
            }
        }
    };
}

// ---- directory ----

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

// ---- catalogue and classes ----

builder!(
    /// A valid course body of the demo association: a professional subject, 16 + 8 hours.
    CourseBuilder
);

impl CourseBuilder {
    pub fn new(association: uuid::Uuid) -> Self {
        CourseBuilder {
            body: json!({
                "association_id": association, "name": "燃气管道安全技术规范",
                "topic": "safety_technical_specifications", "equipment_categories": ["pressure_pipeline"],
                "delivery": "face_to_face", "theory_hours": 16, "practical_hours": 8,
            }),
        }
    }

    /// A remote course of `topic` without equipment categories, 8 theory hours.
    pub fn remote(association: uuid::Uuid, name: &str, topic: &str) -> Self {
        CourseBuilder {
            body: json!({
                "association_id": association, "name": name, "topic": topic, "delivery": "remote",
                "theory_hours": 8, "practical_hours": 0,
            }),
        }
    }
}

builder!(
    /// A valid class body: three days from `starts_at`, 30 seats, ¥800 training and ¥200 exam fee.
    ClassBuilder
);

impl ClassBuilder {
    pub fn new(course: &str, starts_at: OffsetDateTime) -> Self {
        ClassBuilder {
            body: json!({
                "course_id": course, "name": "2027年第1期燃气管道培训班",
                "starts_at": instant(starts_at), "ends_at": instant(starts_at + Duration::days(3)),
                "venue": "长沙市岳麓区培训中心201室", "capacity": 30, "training_fee": 80000, "exam_fee": 20000,
            }),
        }
    }

    pub fn capacity(self, seats: i32) -> Self {
        self.set("capacity", seats)
    }

    /// Ends at `ends_at` instead of three days after the start.
    pub fn ends_at(self, ends_at: OffsetDateTime) -> Self {
        self.set("ends_at", instant(ends_at))
    }

    /// Training and exam fee in fen.
    pub fn fees(self, training: i64, exam: i64) -> Self {
        self.set("training_fee", training).set("exam_fee", exam)
    }
}

builder!(
    /// A session of a class (`POST /classes/{id}/sessions`): three hours from `starts_at`,
    /// theory unless `kind` says otherwise.
    SessionBuilder
);

impl SessionBuilder {
    pub fn new(starts_at: OffsetDateTime) -> Self {
        SessionBuilder {
            body: json!({"starts_at": instant(starts_at), "ends_at": instant(starts_at + Duration::hours(3))}),
        }
    }

    pub fn kind(self, kind: &str) -> Self {
        self.set("kind", kind)
    }
}

builder!(
    /// An online unit of a course (`POST /courses/{id}/units`), 30 minutes.
    UnitBuilder
);

impl UnitBuilder {
    pub fn new(title: &str, position: i32) -> Self {
        UnitBuilder {
            body: json!({"title": title, "duration_minutes": 30, "position": position}),
        }
    }

    pub fn minutes(self, minutes: i32) -> Self {
        self.set("duration_minutes", minutes)
    }
}

builder!(
    /// An accident case of the library (`POST /accident-cases`): a pipeline leak, linked to no
    /// course.
    AccidentCaseBuilder
);

impl AccidentCaseBuilder {
    pub fn new(association: impl Serialize, occurred_on: &str) -> Self {
        AccidentCaseBuilder {
            body: json!({
                "association_id": association, "title": "某燃气公司管道泄漏爆炸事故", "occurred_on": occurred_on,
                "equipment_category": "pressure_pipeline", "summary": "施工破坏中压管道导致泄漏,遇明火爆炸。",
                "lessons": "施工前须查明地下管线;巡线制度落实到人。", "course_ids": [],
            }),
        }
    }

    pub fn courses(self, courses: impl Serialize) -> Self {
        self.set("course_ids", courses)
    }
}

builder!(
    /// A day of an association's working calendar (`POST /calendar-days`): a holiday.
    CalendarDayBuilder
);

impl CalendarDayBuilder {
    pub fn holiday(association: impl Serialize, day: &str, name: &str) -> Self {
        CalendarDayBuilder {
            body: json!({"association_id": association, "day": day, "kind": "holiday", "name": name}),
        }
    }
}

builder!(
    /// A continuing-education entry (`POST /ce-hours`) from an association session on new
    /// regulations.
    CeEntryBuilder
);

impl CeEntryBuilder {
    pub fn session(
        person: impl Serialize,
        association: uuid::Uuid,
        title: &str,
        hours: i32,
        held_on: &str,
    ) -> Self {
        CeEntryBuilder {
            body: json!({
                "person_id": person, "association_id": association, "source": "association_session",
                "topic": "new_regulation", "title": title, "hours": hours, "held_on": held_on,
            }),
        }
    }
}

builder!(
    /// The annual plan of an association (`POST /plans`) with the two published fees.
    PlanBuilder
);

impl PlanBuilder {
    pub fn new(association: uuid::Uuid, year: i32) -> Self {
        PlanBuilder {
            body: json!({
                "association_id": association, "year": year, "title": format!("{year}年度培训工作计划"),
                "fees": [
                    {"item": "培训费", "amount": 80000, "basis": "湘特协〔2026〕12号", "scope": "参培人员,每人每期"},
                    {"item": "考试费", "amount": 20000, "basis": "湘特协〔2026〕12号", "scope": "参加考试人员,每人每次"}
                ],
                "complaint_phone": "0731-88888888"
            }),
        }
    }
}

// ---- teachers ----

builder!(
    /// A candidate for the teacher pool (`POST /teachers`), no subjects unless `subjects`.
    TeacherBuilder
);

impl TeacherBuilder {
    pub fn new(association: uuid::Uuid, person: impl Serialize) -> Self {
        TeacherBuilder {
            body: json!({"association_id": association, "person_id": person}),
        }
    }

    pub fn subjects(self, subjects: &str) -> Self {
        self.set("subjects", subjects)
    }
}

builder!(
    /// A dismissal from the pool (`POST /teachers/{id}/dismissal`).
    DismissalBuilder
);

impl DismissalBuilder {
    pub fn new(reason: &str, broke_law: bool) -> Self {
        DismissalBuilder {
            body: json!({"reason": reason, "broke_law": broke_law}),
        }
    }
}

builder!(
    /// A teacher assigned to a class (`POST /classes/{id}/teachers`).
    ClassTeacherBuilder
);

impl ClassTeacherBuilder {
    pub fn new(teacher: impl Serialize) -> Self {
        ClassTeacherBuilder {
            body: json!({"teacher_id": teacher}),
        }
    }
}

// ---- enrolments ----

builder!(
    /// An enrolment of one person in a class (`POST /enrolments`).
    EnrolmentBuilder
);

impl EnrolmentBuilder {
    pub fn new(class: impl Serialize, person: impl Serialize) -> Self {
        EnrolmentBuilder {
            body: json!({"class_id": class, "person_id": person}),
        }
    }
}

builder!(
    /// A batch enrolment (`POST /enrolment-batches`).
    BatchBuilder
);

impl BatchBuilder {
    pub fn new(class: impl Serialize, persons: impl Serialize) -> Self {
        BatchBuilder {
            body: json!({"class_id": class, "person_ids": persons}),
        }
    }

    pub fn mode(self, mode: &str) -> Self {
        self.set("mode", mode)
    }
}

builder!(
    /// The enterprise manager's decision on an enrolment (`POST /enrolments/{id}/approval`).
    ApprovalBuilder
);

impl ApprovalBuilder {
    pub fn approve() -> Self {
        ApprovalBuilder {
            body: json!({"decision": "approve"}),
        }
    }

    /// Sent back to the officer with `reason`.
    pub fn send_back(reason: &str) -> Self {
        ApprovalBuilder {
            body: json!({"decision": "return", "reason": reason}),
        }
    }
}

builder!(
    /// Finance's record of the fee of a class built by [`ClassBuilder`]: the published fees,
    /// paid by bank transfer, receipt `HN2026-0001`.
    PaymentBuilder
);

impl Default for PaymentBuilder {
    fn default() -> Self {
        PaymentBuilder::new()
    }
}

impl PaymentBuilder {
    pub fn new() -> Self {
        PaymentBuilder {
            body: json!({"training_fee": 80000, "exam_fee": 20000, "payer": "长沙新奥燃气有限公司", "method": "银行转账", "receipt_no": "HN2026-0001"}),
        }
    }

    pub fn receipt(self, receipt_no: &str) -> Self {
        self.set("receipt_no", receipt_no)
    }

    /// Training and exam fee in fen.
    pub fn fees(self, training: i64, exam: i64) -> Self {
        self.set("training_fee", training).set("exam_fee", exam)
    }
}

builder!(
    /// A retake's new exam fee (EX-02, `POST /exam-candidates/{id}/retake-fee`): the demo
    /// class's published exam fee, 200 yuan.
    RetakeFeeBuilder
);

impl Default for RetakeFeeBuilder {
    fn default() -> Self {
        RetakeFeeBuilder::new()
    }
}

impl RetakeFeeBuilder {
    pub fn new() -> Self {
        RetakeFeeBuilder {
            body: json!({"exam_fee": 20000, "payer": "长沙新奥燃气有限公司", "method": "银行转账", "receipt_no": "BK2026-0001"}),
        }
    }

    /// The exam fee in fen.
    pub fn fee(self, exam: i64) -> Self {
        self.set("exam_fee", exam)
    }
}

builder!(
    /// A change letter's designation (`POST /enterprises/{id}/account-changes`).
    AccountChangeBuilder
);

impl AccountChangeBuilder {
    pub fn new(officers: impl Serialize, manager: impl Serialize) -> Self {
        AccountChangeBuilder {
            body: json!({"officer_ids": officers, "manager_id": manager}),
        }
    }
}

builder!(
    /// A deferral request (TR-10, `POST /enrolments/{id}/deferral`), reason 岗位调整.
    DeferralBuilder
);

impl Default for DeferralBuilder {
    fn default() -> Self {
        DeferralBuilder::new()
    }
}

impl DeferralBuilder {
    pub fn new() -> Self {
        DeferralBuilder {
            body: json!({"reason": "岗位调整"}),
        }
    }

    pub fn reason(self, reason: &str) -> Self {
        self.set("reason", reason)
    }

    /// The training department head's approval of a deferral into `target`
    /// (`POST /enrolment-requests/{id}/approval`).
    pub fn into_class(target: impl Serialize) -> Value {
        json!({"target_class_id": target})
    }
}

builder!(
    /// A substitution (TR-11, `POST /enrolments/{id}/substitution`), reason 原参培人离职.
    SubstitutionBuilder
);

impl SubstitutionBuilder {
    pub fn new(newcomer: impl Serialize) -> Self {
        SubstitutionBuilder {
            body: json!({"new_person_id": newcomer, "reason": "原参培人离职"}),
        }
    }

    pub fn reason(self, reason: &str) -> Self {
        self.set("reason", reason)
    }
}

builder!(
    /// A refund request (TR-12 to TR-15, `POST /enrolments/{id}/refunds`) on `ground`
    /// (`own_reason`, `class_cancelled`, …), reason 离职.
    RefundBuilder
);

impl RefundBuilder {
    pub fn new(ground: &str) -> Self {
        RefundBuilder {
            body: json!({"ground": ground, "reason": "离职"}),
        }
    }

    pub fn reason(self, reason: &str) -> Self {
        self.set("reason", reason)
    }
}

builder!(
    /// Finance's payout of an approved refund (`POST /refunds/{id}/payout`).
    PayoutBuilder
);

impl Default for PayoutBuilder {
    fn default() -> Self {
        PayoutBuilder::new()
    }
}

impl PayoutBuilder {
    pub fn new() -> Self {
        PayoutBuilder {
            body: json!({"reference": "BOC-20261122-0001"}),
        }
    }
}

// ---- attendance, results, practicals ----

builder!(
    /// A leave request for one session (`POST /sessions/{id}/leave-requests`), reason 出差.
    LeaveBuilder
);

impl LeaveBuilder {
    pub fn new(enrolment: impl Serialize) -> Self {
        LeaveBuilder {
            body: json!({"enrolment_id": enrolment, "reason": "出差"}),
        }
    }

    pub fn reason(self, reason: &str) -> Self {
        self.set("reason", reason)
    }
}

builder!(
    /// An exam result (`POST /classes/{id}/results`): passed with `score`.
    ResultBuilder
);

impl ResultBuilder {
    pub fn passed(enrolment: impl Serialize, score: i32) -> Self {
        ResultBuilder {
            body: json!({"enrolment_id": enrolment, "score": score, "passed": true}),
        }
    }
}

builder!(
    /// A practical record (TR-19) of a pressure test with `instrument`.
    PracticalRecordBuilder
);

impl PracticalRecordBuilder {
    pub fn new(instrument: &str) -> Self {
        PracticalRecordBuilder {
            body: json!({"instrument": instrument, "process": "连接压力表,缓慢升压至1.6 MPa,保压30分钟,检查各焊缝", "result": "保压期间无压降,无渗漏,合格"}),
        }
    }

    /// The short record the authorization probes send.
    pub fn short() -> Self {
        PracticalRecordBuilder {
            body: json!({"instrument": "压力表", "process": "升压保压", "result": "合格"}),
        }
    }
}

// ---- exams ----

builder!(
    /// A question bank (`POST /exam-banks`) owned by `owner`: 电梯安全管理, 法规.
    BankBuilder
);

impl BankBuilder {
    pub fn new(owner: uuid::Uuid) -> Self {
        BankBuilder {
            body: json!({"owner_id": owner, "name": "电梯安全管理理论题库", "topic": "法规"}),
        }
    }
}

builder!(
    /// A question (`POST /exam-banks/{id}/questions`), 10 points: true (正确) or a short answer.
    QuestionBuilder
);

impl QuestionBuilder {
    /// A true/false question whose key is `true`.
    pub fn true_false() -> Self {
        QuestionBuilder {
            body: json!({"stem": "电梯应当每15日进行一次维护保养。", "key": {"kind": "true_false", "value": true}, "points": 10, "topic": "法规", "difficulty": 2}),
        }
    }

    /// A short answer marked by evaluators.
    pub fn short_answer() -> Self {
        QuestionBuilder {
            body: json!({"stem": "简述电梯困人时的救援步骤。", "key": {"kind": "short_answer", "reference": "安抚乘客、断电、确认轿厢位置、盘车平层、开门救人"}, "points": 10, "topic": "应急", "difficulty": 3}),
        }
    }

    /// A single choice among three options whose key is the second.
    pub fn single_choice() -> Self {
        QuestionBuilder {
            body: json!({"stem": "特种设备安全法自何年起施行?", "options": ["2013年", "2014年", "2015年"], "key": {"kind": "single_choice", "choice": 1}, "points": 10, "topic": "法规", "difficulty": 1}),
        }
    }
}

builder!(
    /// A fixed, closed-book paper (`POST /exam-papers`) of 90 minutes from `bank`.
    PaperBuilder
);

impl PaperBuilder {
    pub fn fixed(bank: impl Serialize, questions: &[&str]) -> Self {
        let items: Vec<Value> = questions
            .iter()
            .map(|q| json!({"question_id": q}))
            .collect();
        PaperBuilder {
            body: json!({"bank_id": bank, "title": "电梯安全管理理论考试", "book": "closed", "mode": "fixed", "duration_minutes": 90, "items": items}),
        }
    }

    /// With one practical station, 壁厚测定, whose checklist is 正确使用测厚仪 (60 points) and
    /// 如实记录读数 (40 points).
    pub fn with_station(self) -> Self {
        self.set(
            "stations",
            json!([{"name": "壁厚测定", "checklist": [
                {"item": "正确使用测厚仪", "points": 60},
                {"item": "如实记录读数", "points": 40},
            ]}]),
        )
    }
}

builder!(
    /// A sitting (`POST /exam-sittings`) of `class` with `paper`, online from `opens` for four
    /// hours.
    SittingBuilder
);

impl SittingBuilder {
    pub fn new(class: impl Serialize, paper: impl Serialize, opens: OffsetDateTime) -> Self {
        SittingBuilder {
            body: json!({"class_id": class, "paper_id": paper, "title": "2026年12月理论考试", "opens_at": instant(opens), "closes_at": instant(opens + time::Duration::hours(4))}),
        }
    }
}

builder!(
    /// An incident (`POST /exam-sittings/{id}/incidents`) of `kind` at `at`.
    IncidentBuilder
);

impl IncidentBuilder {
    pub fn new(candidate: impl Serialize, kind: &str, at: OffsetDateTime) -> Self {
        IncidentBuilder {
            body: json!({"candidate_id": candidate, "kind": kind, "occurred_at": instant(at), "evidence": "手机藏于袖中", "witness": "监考员 孙丽"}),
        }
    }
}

builder!(
    /// A trainee of the class put on a sitting's roster (`POST /exam-sittings/{id}/candidates`).
    CandidateBuilder
);

impl CandidateBuilder {
    pub fn new(enrolment: impl Serialize) -> Self {
        CandidateBuilder {
            body: json!({"enrolment_id": enrolment}),
        }
    }
}

builder!(
    /// A person put on a sitting's staff (`POST /exam-sittings/{id}/staff`) with `duty`
    /// (`setter`, `proctor`, `evaluator`).
    StaffBuilder
);

impl StaffBuilder {
    pub fn new(person: impl Serialize, duty: &str) -> Self {
        StaffBuilder {
            body: json!({"person_id": person, "duty": duty}),
        }
    }
}

builder!(
    /// One of the sitting's evaluators made a candidate's marker
    /// (`POST /exam-candidates/{id}/evaluators`) in `slot` (`first`, `second`, `third`).
    EvaluatorBuilder
);

impl EvaluatorBuilder {
    pub fn new(person: impl Serialize, slot: &str) -> Self {
        EvaluatorBuilder {
            body: json!({"person_id": person, "slot": slot}),
        }
    }
}

builder!(
    /// A recording reference (`POST /exam-sittings/{id}/recordings`): two hours of room 1.
    RecordingBuilder
);

impl Default for RecordingBuilder {
    fn default() -> Self {
        RecordingBuilder::new()
    }
}

impl RecordingBuilder {
    pub fn new() -> Self {
        RecordingBuilder {
            body: json!({"uri": "nas://exam/2026/11/room1.mp4", "sha256": "a".repeat(64), "duration_seconds": 7200}),
        }
    }
}

builder!(
    /// A practical station's score (`PUT /exam-candidates/{id}/stations/{station}`): one score
    /// per checklist item.
    StationScoreBuilder
);

impl StationScoreBuilder {
    pub fn new(checks: &[i32]) -> Self {
        StationScoreBuilder {
            body: json!({"checks": checks}),
        }
    }
}

builder!(
    /// An autosaved answer (`PUT /exam-attempts/{id}/answers/{position}`): save `seq` of a
    /// true/false answer.
    AnswerBuilder
);

impl AnswerBuilder {
    pub fn true_false(seq: i64, value: bool) -> Self {
        AnswerBuilder {
            body: json!({"seq": seq, "response": {"kind": "true_false", "value": value}}),
        }
    }
}
