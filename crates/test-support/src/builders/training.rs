//! Bodies of training: catalogue and classes, teachers, enrolments and their fees, deferrals,
//! substitutions and refunds, attendance, results and practicals.

use super::instant;
use serde::Serialize;
use serde_json::{Value, json};
use time::{Duration, OffsetDateTime};

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
