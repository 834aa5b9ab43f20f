//! The exams domain's states and kinds, each a closed set stored as text (`kernel::state_enum!`).

use kernel::state_enum;

state_enum! {
    /// What a question asks for, and so how its answer is marked: the first four at once by
    /// the server, a short answer by evaluators.
    pub enum QuestionKind {
        SingleChoice = "single_choice",
        MultipleChoice = "multiple_choice",
        TrueFalse = "true_false",
        FillBlank = "fill_blank",
        ShortAnswer = "short_answer",
    }
}

impl QuestionKind {
    /// Marked by the server at submission (everything but the short answer).
    pub fn objective(self) -> bool {
        self != QuestionKind::ShortAnswer
    }
}

state_enum! {
    /// EX-01: a theory paper is open-book or closed-book.
    pub enum BookMode {
        Open = "open",
        Closed = "closed",
    }
}

state_enum! {
    /// A paper is the same list for everyone, or drawn per candidate from a blueprint.
    pub enum PaperMode {
        Fixed = "fixed",
        Drawn = "drawn",
    }
}

state_enum! {
    /// Where a sitting stands.
    pub enum SittingStatus {
        /// Set up: roster and staff may change; nobody has started.
        Planned = "planned",
        /// Results are out: fixed, published to the candidates and to training.
        ResultsPublished = "results_published",
    }
}

state_enum! {
    /// Who a staff member is at one sitting.
    pub enum Duty {
        Setter = "setter",
        Proctor = "proctor",
        Evaluator = "evaluator",
    }
}

state_enum! {
    /// Where a candidate's online theory attempt stands.
    pub enum AttemptStatus {
        Started = "started",
        Submitted = "submitted",
        /// Submitted by the server at the deadline.
        AutoSubmitted = "auto_submitted",
        /// EX-03 second cheating incident, EX-04 impersonation, EX-05: scored zero.
        Disqualified = "disqualified",
    }
}

impl AttemptStatus {
    pub fn open(self) -> bool {
        self == AttemptStatus::Started
    }
}

state_enum! {
    /// Misconduct a proctor records (EX-03, EX-04, EX-05).
    pub enum IncidentKind {
        /// Copying, peeking, enabling copying, a phone or recorder (EX-03).
        Cheating = "cheating",
        /// Sitting for someone else or having someone sit (EX-04).
        Impersonation = "impersonation",
        /// Serious disorder or threatening a proctor (EX-05).
        Disorder = "disorder",
    }
}

state_enum! {
    /// What an incident led to.
    pub enum Consequence {
        /// EX-03, a first cheating incident: the score is kept.
        Warning = "warning",
        /// EX-03 second incident: disqualified, zero.
        Disqualified = "disqualified",
        /// EX-04: zero and a one-year ban from the programme's exams.
        ProgrammeBan = "programme_ban",
        /// EX-05: zero, the sending unit told, the public column, a three-year ban.
        AssociationBan = "association_ban",
    }
}

state_enum! {
    /// A candidate's result at a sitting.
    #[derive(PartialOrd, Ord)]
    pub enum ExamOutcome {
        Passed = "passed",
        Failed = "failed",
        /// Registered, never started.
        Absent = "absent",
        Disqualified = "disqualified",
    }
}
