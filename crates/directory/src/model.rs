//! Directory vocabulary as types that cannot hold an invalid value: a [`CreditCode`] has a
//! correct GB 32100 check character, a [`NationalId`] a correct GB 11643 check digit and a real
//! birth date. Parsing happens once, at the edge; services then trust the types.

use kernel::state_enum;
use kernel::{Message, Role, RuleViolation};
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;
use uuid::Uuid;

state_enum! {
    /// What kind of body an organization is; decides which roles it can hold.
    pub enum OrgKind {
        Association = "association",
        InspectionInstitution = "inspection_institution",
        Enterprise = "enterprise",
        TrainingCentre = "training_centre",
        SubCentre = "sub_centre",
        ExamBody = "exam_body",
        Regulator = "regulator",
    }
}

state_enum! {
    /// What a sanction bars (CR-04, EX-04, EX-05): registrations anywhere on the platform, one
    /// programme's exams, or all the association's training and exams.
    pub enum SanctionKind {
        /// CR-04: every registration on the platform, matched by the ID number's keyed hash (a
        /// person not yet in the directory can be listed).
        Blacklist = "blacklist",
        /// EX-04: the exams of one programme (a course) of the association.
        ProgrammeBan = "programme_ban",
        /// EX-05: every course and exam of the association.
        AssociationBan = "association_ban",
    }
}

state_enum! {
    /// The rule a sanction was imposed under; it decides the kind and the length.
    pub enum SanctionRule {
        /// False education or student-status data: five years on the blacklist.
        Cr04 = "CR-04",
        /// Impersonation: a one-year ban from that programme's exams.
        Ex04 = "EX-04",
        /// Serious disorder or threatening a proctor: three years from all the association's
        /// training and exams.
        Ex05 = "EX-05",
    }
}

state_enum! {
    /// What a qualification on record is (EX-08; later PL-05 and certification).
    pub enum QualificationKind {
        /// An evaluator's certificate (考评员证): EX-08 asks for one valid on the exam day.
        EvaluatorCertificate = "evaluator_certificate",
        /// The evaluator's signed commitment letter (承诺书), EX-08.
        CommitmentLetter = "commitment_letter",
        /// An inspector's certificate (检验员证), for placements (PL-05).
        InspectorCertificate = "inspector_certificate",
        /// Any other certificate worth keeping on record.
        Other = "other",
    }
}

state_enum! {
    /// A declared relation between two persons (EX-07's recusal); symmetric.
    pub enum RelationKind {
        /// Relatives (亲属).
        Kin = "kin",
        /// Spouses (配偶).
        Spouse = "spouse",
        /// Worked together (曾同事).
        FormerColleague = "former_colleague",
        /// Teacher and student (师生).
        TeacherStudent = "teacher_student",
        /// Another interest the person declared.
        Other = "other",
    }
}

state_enum! {
    /// Suspended organizations keep their records but their users cannot act for them.
    pub enum OrgStatus {
        Active = "active",
        Suspended = "suspended",
    }
}

state_enum! {
    /// A disabled user cannot log in and loses every session.
    pub enum UserStatus {
        Active = "active",
        Disabled = "disabled",
    }
}

state_enum! {
    /// A person's sex as recorded (from the ID number at registration, GB 11643).
    pub enum Gender {
        Male = "male",
        Female = "female",
    }
}

state_enum! {
    /// Highest education completed (学历).
    pub enum EducationLevel {
        Secondary = "secondary",
        JuniorCollege = "junior_college",
        Bachelor = "bachelor",
        Master = "master",
        Doctorate = "doctorate",
        Other = "other",
    }
}

state_enum! {
    /// Professional title level (职称级别); TR-20 asks for intermediate or above for teachers
    /// of level-bearing classes.
    pub enum TitleLevel {
        None = "none",
        Junior = "junior",
        Intermediate = "intermediate",
        AssociateSenior = "associate_senior",
        Senior = "senior",
    }
}

state_enum! {
    /// Social-insurance status, evidence of real full-time practice (CO-01).
    pub enum SocialInsurance {
        Continuous = "continuous",
        Interrupted = "interrupted",
        None = "none",
    }
}

state_enum! {
    /// A revoked API client gets no token and its tokens stop working.
    pub enum ApiClientStatus {
        Active = "active",
        Revoked = "revoked",
    }
}

state_enum! {
    /// What a login-throttle counter counts (decision 72); internal, never sent.
    pub enum ThrottleKind {
        /// One account, over all addresses.
        Account = "account",
        /// One client address, over all accounts.
        Address = "address",
        /// One account from one address.
        Pair = "pair",
    }
}

/// Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from a
/// 31-character alphabet, the last one a check character.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditCode(String);

const USCC_ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// Why a code or number was refused; becomes a field error `code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormatError {
    Length,
    Charset,
    CheckDigit,
    BirthDate,
    Region,
}

impl FormatError {
    pub fn code(self) -> &'static str {
        match self {
            FormatError::Length => "length",
            FormatError::Charset => "charset",
            FormatError::CheckDigit => "check_digit",
            FormatError::BirthDate => "birth_date",
            FormatError::Region => "region",
        }
    }
}

impl CreditCode {
    pub fn parse(raw: &str) -> Result<Self, FormatError> {
        let s = raw.trim().to_ascii_uppercase();
        if s.len() != 18 {
            return Err(FormatError::Length);
        }
        let b = s.as_bytes();
        let mut values = [0u32; 18];
        for (i, c) in b.iter().enumerate() {
            values[i] = USCC_ALPHABET
                .iter()
                .position(|a| a == c)
                .ok_or(FormatError::Charset)? as u32;
        }
        if Self::check_char(&values[..17]) != b[17] {
            return Err(FormatError::CheckDigit);
        }
        Ok(CreditCode(s))
    }

    fn check_char(values: &[u32]) -> u8 {
        let sum: u32 = values.iter().zip(USCC_WEIGHTS).map(|(v, w)| v * w).sum();
        USCC_ALPHABET[((31 - sum % 31) % 31) as usize]
    }

    /// Completes 17 valid characters with their check character (demo data and tests).
    pub fn with_check(first17: &str) -> Option<Self> {
        let values: Option<Vec<u32>> = first17
            .bytes()
            .map(|c| USCC_ALPHABET.iter().position(|a| *a == c).map(|p| p as u32))
            .collect();
        let values = values.filter(|v| v.len() == 17)?;
        let mut s = first17.to_owned();
        s.push(Self::check_char(&values) as char);
        Some(CreditCode(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Resident identity card number (公民身份号码, GB 11643-1999): 6-digit region, 8-digit birth
/// date, 3-digit sequence (odd for men), check character.
#[derive(Clone, PartialEq, Eq)]
pub struct NationalId(String);

/// Never print a full ID number, also not by accident in a log line.
impl std::fmt::Debug for NationalId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NationalId({})", self.masked())
    }
}

const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: &[u8; 11] = b"10X98765432";

impl NationalId {
    pub fn parse(raw: &str) -> Result<Self, FormatError> {
        let s = raw.trim().to_ascii_uppercase();
        if s.len() != 18 {
            return Err(FormatError::Length);
        }
        let b = s.as_bytes();
        if !b[..17].iter().all(u8::is_ascii_digit) || !(b[17].is_ascii_digit() || b[17] == b'X') {
            return Err(FormatError::Charset);
        }
        if Self::check_char(&s[..17]) != b[17] {
            return Err(FormatError::CheckDigit);
        }
        let province = format!("{}0000", &s[..2]);
        if kernel::region::level(&province).is_none() {
            return Err(FormatError::Region);
        }
        let id = NationalId(s);
        id.birth_date().ok_or(FormatError::BirthDate)?;
        Ok(id)
    }

    fn check_char(first17: &str) -> u8 {
        let sum: u32 = first17
            .bytes()
            .zip(ID_WEIGHTS)
            .map(|(d, w)| u32::from(d - b'0') * w)
            .sum();
        ID_CHECK[(sum % 11) as usize]
    }

    /// Completes 17 digits with their check character (demo data and tests).
    pub fn with_check(first17: &str) -> Option<Self> {
        if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let mut s = first17.to_owned();
        s.push(Self::check_char(first17) as char);
        NationalId::parse(&s).ok()
    }

    /// The birth date encoded in positions 7–14.
    pub fn birth_date(&self) -> Option<Date> {
        let y: i32 = self.0[6..10].parse().ok()?;
        let m: u8 = self.0[10..12].parse().ok()?;
        let d: u8 = self.0[12..14].parse().ok()?;
        let month = time::Month::try_from(m).ok()?;
        Date::from_calendar_date(y, month, d).ok()
    }

    /// The gender encoded in position 17 (odd: male).
    pub fn gender(&self) -> Gender {
        if (self.0.as_bytes()[16] - b'0') % 2 == 1 {
            Gender::Male
        } else {
            Gender::Female
        }
    }

    /// `110101********1234`: region and last four only ([`mask_id_text`]).
    pub fn masked(&self) -> String {
        mask_id_text(&self.0)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// A login account (never its password hash).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct User {
    pub id: Uuid,
    pub login: String,
    pub display_name: String,
    pub phone: Option<String>,
    pub status: UserStatus,
    pub version: i32,
    #[serde(with = "kernel::utc")]
    pub created_at: OffsetDateTime,
}

/// A user's roles in one organization.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Membership {
    pub id: Uuid,
    pub user_id: Uuid,
    pub organization_id: Uuid,
    pub organization_name: String,
    pub organization_kind: OrgKind,
    pub roles: Vec<Role>,
}

/// An ID number as a file wrote it, masked for a report: the first six and the last four
/// characters stay (as [`NationalId::masked`] does for a valid one), the rest become `*`;
/// text of ten characters or fewer keeps only its last two.
pub fn mask_id_text(raw: &str) -> String {
    let chars: Vec<char> = raw.trim().chars().collect();
    let n = chars.len();
    let (head, tail) = if n > 10 { (6, 4) } else { (0, n.min(2)) };
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| if i < head || i >= n - tail { *c } else { '*' })
        .collect()
}

/// One rejected import row.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct RejectedRow {
    /// Line in the file (the header is line 1).
    pub line: u32,
    /// Column header, or empty for the whole row.
    pub field: String,
    /// Why, in Chinese (zh-CN).
    pub reason: String,
    /// The same in English.
    pub reason_en: String,
    /// The RULES.md id when a business rule refused the row; never inside the reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// Whom the line is about, as the file names them, so the report can be read without
    /// the file (absent when the line has no readable name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The line's ID number, masked as everywhere (`430102********1234`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub national_id: Option<String>,
}

impl RejectedRow {
    pub fn new(line: u32, field: impl Into<String>, reason: Message) -> Self {
        RejectedRow {
            line,
            field: field.into(),
            reason: reason.zh,
            reason_en: reason.en,
            rule: None,
            name: None,
            national_id: None,
        }
    }

    /// The same refusal, naming the line's person.
    pub fn about(mut self, name: Option<String>, national_id: Option<String>) -> Self {
        self.name = name;
        self.national_id = national_id;
        self
    }

    /// A row a business rule refused: the whole row, the rule apart from its message.
    pub fn ruled(line: u32, v: RuleViolation) -> Self {
        RejectedRow {
            rule: Some(v.rule.to_owned()),
            ..RejectedRow::new(line, "", v.message)
        }
    }
}

/// Whether bad rows block the whole import (of persons, enrolments, questions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImportMode {
    AllOrNothing,
    GoodRows,
}

/// What an import did.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct ImportReport {
    pub imported: u32,
    pub rejected: Vec<RejectedRow>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_number_in_a_report_is_masked_like_a_valid_one_whatever_it_holds() {
        assert_eq!(mask_id_text("11010519491231002X"), "110105********002X");
        assert_eq!(mask_id_text("110105194912310"), "110105*****2310");
        assert_eq!(mask_id_text("12345"), "***45");
        assert_eq!(mask_id_text("身份证号码未填写清楚"), "********清楚");
        assert_eq!(mask_id_text(""), "");
    }

    #[test]
    fn national_id_check_digit_is_verified() {
        let id = NationalId::parse("11010519491231002X").unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(id.masked(), "110105********002X");
        assert_eq!(
            id.birth_date().map(|d| d.to_string()).as_deref(),
            Some("1949-12-31")
        );
        assert_eq!(id.gender(), Gender::Female);
        assert_eq!(
            NationalId::parse("110105194912310028"),
            Err(FormatError::CheckDigit)
        );
        assert_eq!(
            NationalId::parse("11010519491231002"),
            Err(FormatError::Length)
        );
        assert_eq!(
            NationalId::parse("1101051949123100AX"),
            Err(FormatError::Charset)
        );
        assert!(format!("{id:?}").contains("********"));
    }

    #[test]
    fn national_id_with_impossible_birth_date_is_refused() {
        // 1949-02-30 with a correct check digit is still not a person.
        let first17 = "11010519490230002";
        let full = format!("{first17}{}", NationalId::check_char(first17) as char);
        assert_eq!(NationalId::parse(&full), Err(FormatError::BirthDate));
    }

    #[test]
    fn credit_code_check_character_is_verified() {
        let good =
            CreditCode::with_check("91440300MA5F00000").unwrap_or_else(|| panic!("valid prefix"));
        assert_eq!(
            CreditCode::parse(good.as_str()).map(|c| c.0),
            Ok(good.0.clone())
        );
        let mut bad = good.0.clone();
        let last = bad.pop().unwrap_or('0');
        bad.push(if last == '0' { '1' } else { '0' });
        assert_eq!(CreditCode::parse(&bad), Err(FormatError::CheckDigit));
        assert_eq!(
            CreditCode::parse("91440300MA5F0000I0"),
            Err(FormatError::Charset)
        );
        assert_eq!(CreditCode::parse("123"), Err(FormatError::Length));
    }

    #[test]
    fn published_credit_code_passes() {
        // A code printed on a real business licence (public registry example).
        assert!(CreditCode::parse("91350100M000100Y43").is_ok());
    }
}
