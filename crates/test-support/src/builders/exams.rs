//! Bodies of exams: banks, questions, papers, sittings, their roster, staff and records, the
//! candidate's answers and the evaluators' scores.

use super::instant;
use serde::Serialize;
use serde_json::{Value, json};
use time::OffsetDateTime;

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
