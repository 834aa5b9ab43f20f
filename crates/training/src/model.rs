//! Training vocabulary.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// TR-01: public subjects (公需科目) or professional subjects (专业科目).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    Public,
    Professional,
}

/// TR-01: the topic of a course; each belongs to one subject kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    LawsAndRegulations,
    Rules,
    ProfessionalEthics,
    InformationTechnology,
    QualitySystem,
    SafetyTechnicalSpecifications,
    Standards,
    BasicKnowledge,
    BasicTheory,
    NewTechniques,
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

/// TR-03: how a course is delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    FaceToFace,
    Remote,
    Blended,
}

/// Where an enrolment stands in the TR-08 sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EnrolmentStatus {
    /// Entered by the enterprise's training officer, waiting for its training manager.
    Submitted,
    /// Sent back by the training manager for correction.
    Returned,
    /// Approved by the enterprise (or an individual's own enrolment), waiting for the association.
    Approved,
    /// Confirmed by the association with a seat, waiting for the fee.
    Confirmed,
    /// Confirmed by the association, but the class is full: it moves up to `confirmed` by
    /// itself when a seat is freed, first come (onto the list), first served.
    Waitlisted,
    /// Fee recorded by finance; the class notice has gone out.
    Paid,
}

impl EnrolmentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            EnrolmentStatus::Submitted => "submitted",
            EnrolmentStatus::Returned => "returned",
            EnrolmentStatus::Approved => "approved",
            EnrolmentStatus::Confirmed => "confirmed",
            EnrolmentStatus::Waitlisted => "waitlisted",
            EnrolmentStatus::Paid => "paid",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Submitted,
            Self::Returned,
            Self::Approved,
            Self::Confirmed,
            Self::Waitlisted,
            Self::Paid,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }
}
