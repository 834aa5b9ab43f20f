//! Training vocabulary: every state and kind the domain stores, as enums declared with
//! [`kernel::state_enum!`] (one name per variant, the same in the column and in JSON; an
//! unknown stored name is an error when the row is read, never a default).

use kernel::state_enum;

state_enum! {
    /// TR-01: public subjects (公需科目) or professional subjects (专业科目).
    pub enum SubjectKind {
        Public = "public",
        Professional = "professional",
    }
}

state_enum! {
    /// TR-01: the topic of a course; each belongs to one subject kind.
    pub enum Topic {
        LawsAndRegulations = "laws_and_regulations",
        Rules = "rules",
        ProfessionalEthics = "professional_ethics",
        InformationTechnology = "information_technology",
        QualitySystem = "quality_system",
        SafetyTechnicalSpecifications = "safety_technical_specifications",
        Standards = "standards",
        BasicKnowledge = "basic_knowledge",
        BasicTheory = "basic_theory",
        NewTechniques = "new_techniques",
    }
}

impl Topic {
    pub fn kind(self) -> SubjectKind {
        match self {
            Topic::LawsAndRegulations
            | Topic::Rules
            | Topic::ProfessionalEthics
            | Topic::InformationTechnology => SubjectKind::Public,
            _ => SubjectKind::Professional,
        }
    }
}

state_enum! {
    /// TR-03: how a course is delivered.
    pub enum Delivery {
        FaceToFace = "face_to_face",
        Remote = "remote",
        Blended = "blended",
    }
}

state_enum! {
    /// A class's state, as the class list shows and filters it.
    pub enum ClassStatus {
        Planned = "planned",
        /// Cancelled by the association (TR-12); it takes no one.
        Cancelled = "cancelled",
    }
}

state_enum! {
    /// The level a class trains for (TR-20). `none` is never stored: a class without a level
    /// has no `class_levels` row.
    pub enum ClassLevel {
        /// The class has no skill level.
        None = "none",
        Junior = "junior",
        Intermediate = "intermediate",
        Senior = "senior",
    }
}

state_enum! {
    /// TR-19: training has a theory part and a practical part; a session is one or the other.
    /// Only a practical session has practical records (see `practical`).
    #[derive(Default)]
    pub enum SessionKind {
        /// 理论培训
        #[default]
        Theory = "theory",
        /// 实际操作培训
        Practical = "practical",
    }
}

state_enum! {
    /// What a fee in the ledger (`payments`) is for.
    pub enum PaymentPurpose {
        /// The enrolment's training and exam fees (TR-08), one per enrolment.
        Enrolment = "enrolment",
        /// A retake's new exam fee (EX-02), one per exam sitting.
        ExamRetake = "exam_retake",
    }
}

state_enum! {
    /// Where an enrolment stands in the TR-08 sequence.
    pub enum EnrolmentStatus {
        /// Entered by the enterprise's training officer, waiting for its training manager.
        Submitted = "submitted",
        /// Sent back by the training manager for correction.
        Returned = "returned",
        /// Approved by the enterprise (or an individual's own enrolment), waiting for the
        /// association.
        Approved = "approved",
        /// Confirmed by the association with a seat, waiting for the fee.
        Confirmed = "confirmed",
        /// Confirmed by the association, but the class is full: it moves up to `confirmed` by
        /// itself when a seat is freed, first come (onto the list), first served.
        Waitlisted = "waitlisted",
        /// Fee recorded by finance; the class notice has gone out.
        Paid = "paid",
    }
}

state_enum! {
    /// What an enrolment request asks for.
    pub enum RequestKind {
        /// TR-10: move the enrolment to a later class of the same course.
        Deferral = "deferral",
        /// TR-11: another person of the same enterprise takes the seat.
        Substitution = "substitution",
    }
}

state_enum! {
    /// Where an enrolment request stands.
    pub enum RequestStatus {
        /// A deferral waiting for the association.
        Pending = "pending",
        /// A deferral approved: the enrolment moved to the target class.
        Approved = "approved",
        /// A substitution, applied at once.
        Applied = "applied",
    }
}

state_enum! {
    /// Why money is given back.
    pub enum RefundGround {
        /// TR-12: the association cancelled the class and plans no class of the same course
        /// that year; everything paid goes back to the payer.
        ClassCancelled = "class_cancelled",
        /// TR-13: the trainee left the job or changed post after filing a deferral before the
        /// class started; the training fee goes back, the exam fee does not.
        OwnReason = "own_reason",
    }
}

state_enum! {
    /// The TR-14 steps, in order.
    pub enum RefundStatus {
        /// Asked for by the payer (or, for a cancelled class, the training department).
        Requested = "requested",
        /// Confirmed by the association's training department.
        DepartmentConfirmed = "department_confirmed",
        /// Confirmed by finance.
        FinanceConfirmed = "finance_confirmed",
        /// Approved by the association's leader.
        LeaderApproved = "leader_approved",
        /// Paid out by finance.
        Paid = "paid",
        /// Refused at one of the steps.
        Rejected = "rejected",
    }
}

state_enum! {
    /// Where a leave request stands (TR-16).
    pub enum LeaveStatus {
        /// Waiting for the head teacher.
        Pending = "pending",
        /// Approved: an absence at the session is excused.
        Approved = "approved",
        Refused = "refused",
    }
}

state_enum! {
    /// A trainee's attendance at one session, as recorded.
    pub enum AttendanceMark {
        Present = "present",
        /// Absent without approved leave.
        Absent = "absent",
        /// Absent with approved leave (TR-16).
        Excused = "excused",
    }
}

state_enum! {
    /// A trainee's result in a class.
    pub enum Outcome {
        Pass = "pass",
        Fail = "fail",
    }
}

state_enum! {
    /// The six TR-18 items.
    pub enum ArchiveKind {
        /// 培训协议书
        TrainingAgreement = "training_agreement",
        /// 开班通知
        OpeningNotice = "opening_notice",
        /// 课程表
        Timetable = "timetable",
        /// 学员考勤表
        AttendanceSheet = "attendance_sheet",
        /// 考核成绩表
        ScoreSheet = "score_sheet",
        /// 证书发放签收表
        CertificateReceiptSheet = "certificate_receipt_sheet",
    }
}

impl ArchiveKind {
    pub const ALL: [ArchiveKind; 6] = [
        ArchiveKind::TrainingAgreement,
        ArchiveKind::OpeningNotice,
        ArchiveKind::Timetable,
        ArchiveKind::AttendanceSheet,
        ArchiveKind::ScoreSheet,
        ArchiveKind::CertificateReceiptSheet,
    ];
}

state_enum! {
    /// Where an archive item's file came from.
    pub enum ArchiveSource {
        /// Uploaded by association staff (a scanned, signed sheet).
        Upload = "upload",
        /// Generated by the platform from its records.
        Generated = "generated",
    }
}

state_enum! {
    /// A kind of calendar entry.
    pub enum DayKind {
        /// A public holiday: not a working day even on a weekday.
        Holiday = "holiday",
        /// A make-up working day (调休上班): a working day even on a weekend.
        Workday = "workday",
    }
}

state_enum! {
    /// Where a teacher stands (TR-04, TR-05).
    pub enum TeacherStatus {
        Candidate = "candidate",
        Selected = "selected",
        Active = "active",
        /// Derived, never stored: an active teacher whose appointment's term is over (TR-05).
        TermEnded = "term_ended",
        Dismissed = "dismissed",
    }
}

state_enum! {
    /// Why a teacher was dismissed (TR-05): for breaking the law a public notice names them.
    pub enum DismissalKind {
        LawBreach = "law_breach",
        Other = "other",
    }
}

state_enum! {
    /// Where a plan stands (TR-06).
    pub enum PlanStatus {
        Draft = "draft",
        Published = "published",
    }
}

state_enum! {
    /// Where a change letter stands (TR-07).
    pub enum AccountChangeStatus {
        /// Filed; takes no effect until the association acknowledges it.
        Pending = "pending",
        /// Acknowledged; the designation in force unless a later one was acknowledged.
        Acknowledged = "acknowledged",
    }
}

state_enum! {
    /// Where continuing-education hours come from (CE-03). `completed_class` is never
    /// stored: those hours are derived from passed classes.
    pub enum CeSource {
        /// Derived from a passed class; never entered by hand.
        CompletedClass = "completed_class",
        OnlineStudy = "online_study",
        AssociationSession = "association_session",
    }
}

state_enum! {
    /// What an association session was about (it counts only for these, CE-03).
    pub enum CeTopic {
        NewPolicy = "new_policy",
        NewRegulation = "new_regulation",
        NewTechnique = "new_technique",
    }
}
