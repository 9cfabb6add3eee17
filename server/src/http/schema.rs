//! The shapes of the API's bodies as OpenAPI schemas. Answers the server builds itself are the
//! structs it serializes (in the resource files); the engine's types (records, matches, picks,
//! rosters) cannot carry the derive (the engine has no web dependency), so they are described by
//! the mirror types below, named as the engine's. The tests validate real answers against these
//! schemas, so a mirror that drifts from the engine fails there.

#![allow(dead_code)] // mirror types exist for their schemas only

use std::collections::HashMap;

use utoipa::ToSchema;

/// Every error: `{"error":{"code","message"}}`.
#[derive(ToSchema)]
#[schema(as = Error)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// The code and message of an error.
#[derive(ToSchema)]
pub struct ErrorDetail {
    /// Stable machine-readable code (`invalid_field`, `not_found`, `unauthorized`, …).
    #[schema(example = "invalid_field")]
    pub code: String,
    /// Human-readable; for a field error it starts with the field path.
    #[schema(example = "field `salary.min`: invalid type: string \"abc\", expected f64")]
    pub message: String,
}

/// Job kinds.
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
pub enum JobKind {
    FullTime,
    PartTime,
    Gig,
    Internship,
    PublicWelfare,
}

/// Policy groups of people.
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
pub enum Group {
    Graduate,
    YouthUnemployed,
    MigrantWorker,
    HardToEmploy,
    Disabled,
    ZeroEmploymentFamily,
    PovertyAlleviated,
    Veteran,
    OlderWorker,
    LongTermUnemployed,
}

/// A place: free text, a 6-digit administrative code, coordinates (any of them).
#[derive(ToSchema)]
pub struct Location {
    pub region: Option<String>,
    #[schema(pattern = "^[0-9]{6}$")]
    pub adcode: Option<String>,
    #[schema(minimum = -90, maximum = 90)]
    pub lat: Option<f64>,
    #[schema(minimum = -180, maximum = 180)]
    pub lon: Option<f64>,
}

/// Monthly pay in CNY.
#[derive(ToSchema)]
pub struct Salary {
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub months: Option<u32>,
}

/// A vacancy record (the record contract, docs/SCHEMA.md). Fields beyond these are kept and
/// returned. As a `PUT` body the `id` may be left out: the path fills it.
#[derive(ToSchema)]
pub struct Job {
    /// Required in stored records and bulk lines; optional in a `PUT` body (the path fills it).
    #[schema(min_length = 1, max_length = 128)]
    pub id: Option<String>,
    pub title: String,
    pub description: Option<String>,
    pub employer: Option<String>,
    pub skills: Option<Vec<String>>,
    pub location: Option<Location>,
    pub salary: Option<Salary>,
    pub education: Option<String>,
    pub experience_years: Option<f64>,
    pub kind: Option<JobKind>,
    #[schema(minimum = 1)]
    pub headcount: Option<u32>,
    pub benefits: Option<Vec<String>>,
    pub accessible: Option<bool>,
    #[schema(format = Date)]
    pub posted_at: Option<String>,
    #[schema(format = Date)]
    pub valid_until: Option<String>,
    pub source: Option<String>,
}

/// One past job of a person.
#[derive(ToSchema)]
pub struct Experience {
    pub title: Option<String>,
    pub employer: Option<String>,
    pub years: Option<f64>,
    pub description: Option<String>,
}

/// What a person wants.
#[derive(ToSchema)]
pub struct Desired {
    pub titles: Option<Vec<String>>,
    pub regions: Option<Vec<String>>,
    pub salary_min: Option<f64>,
    pub kinds: Option<Vec<JobKind>>,
}

/// What a person needs of a workplace.
#[derive(ToSchema)]
pub struct Needs {
    pub accessible: Option<bool>,
    pub flexible_hours: Option<bool>,
    pub accommodation: Option<bool>,
}

/// A person's record (the record contract, docs/SCHEMA.md). As a `PUT` body the `id` may be left
/// out: the path fills it.
#[derive(ToSchema)]
pub struct Candidate {
    /// Required in stored records, bulk lines and `POST /v1/match`; optional in a `PUT` body.
    #[schema(min_length = 1, max_length = 128)]
    pub id: Option<String>,
    pub groups: Option<Vec<Group>>,
    pub education: Option<String>,
    pub major: Option<String>,
    pub graduation_year: Option<i32>,
    pub skills: Option<Vec<String>>,
    pub certificates: Option<Vec<String>>,
    pub experience: Option<Vec<Experience>>,
    pub summary: Option<String>,
    pub desired: Option<Desired>,
    pub home: Option<Location>,
    pub max_commute_km: Option<f64>,
    pub needs: Option<Needs>,
}

/// A vacancy for a person, with the reasons in Chinese.
#[derive(ToSchema)]
pub struct JobMatch {
    pub job_id: String,
    pub score: f64,
    pub reasons: Vec<String>,
}

/// A person for a vacancy; `priority` marks the 托底 groups, first at equal fit.
#[derive(ToSchema)]
pub struct CandidateMatch {
    pub candidate_id: String,
    pub score: f64,
    pub reasons: Vec<String>,
    pub priority: bool,
}

/// A vacancy picked for a livestream, with talking points.
#[derive(ToSchema)]
pub struct Pick {
    pub job_id: String,
    pub title: String,
    pub employer: Option<String>,
    pub place: Option<String>,
    pub kind: JobKind,
    /// Monthly CNY `[min, max]`; absent = 面议.
    #[schema(value_type = Option<Vec<f64>>, min_items = 2, max_items = 2)]
    pub pay: Option<(f64, f64)>,
    pub pay_band: String,
    pub fit: f64,
    pub suits: Vec<Group>,
    pub distance_km: Option<f64>,
    #[schema(example = json!(["月薪5000-7000元", "福利：包吃住、五险一金", "全职", "适合：农民工", "招2人"]))]
    pub talking_points: Vec<String>,
}

/// A place on the roster (a primary or a backup).
#[derive(ToSchema)]
pub struct Placement {
    pub job_id: String,
    pub score: f64,
    pub reasons: Vec<String>,
    pub title: String,
    pub employer: Option<String>,
    pub place: Option<String>,
    pub pay: Option<String>,
    pub distance_km: Option<f64>,
    /// Backups only: no free place left after the assignment.
    pub full: Option<bool>,
}

/// One person's line of the roster.
#[derive(ToSchema)]
pub struct Assignment {
    pub candidate_id: String,
    pub groups: Vec<Group>,
    pub primary: Option<Placement>,
    pub backups: Vec<Placement>,
    pub unplaced_reason: Option<String>,
}

/// People and placed people of one group.
#[derive(ToSchema)]
pub struct GroupCount {
    pub people: u64,
    pub placed: u64,
    pub placed_share: f64,
}

/// The figures of a finished run.
#[derive(ToSchema)]
pub struct RosterSummary {
    pub mode: String,
    pub people: u64,
    pub placed: u64,
    pub placed_share: f64,
    pub total_fit: f64,
    pub blocking_pairs: u64,
    pub by_group: HashMap<String, GroupCount>,
    pub vacancies: u64,
    pub places: u64,
    pub places_filled: u64,
    /// Vacancies with places left, `[job_id, places left]` each.
    #[schema(value_type = Vec<Vec<Value>>)]
    pub unfilled: Vec<(String, u32)>,
    pub no_option: u64,
    pub edges: u64,
}

/// A roster: its summary and one line per person, in input order.
#[derive(ToSchema)]
pub struct Roster {
    pub summary: RosterSummary,
    pub assignments: Vec<Assignment>,
}

// ---- answers the server builds ----

/// `GET /health`.
#[derive(ToSchema)]
pub struct Health {
    #[schema(example = "ok")]
    pub status: String,
    pub version: String,
}

/// A record written (durable when answered).
#[derive(ToSchema)]
pub struct Written {
    pub id: String,
    /// `job` or `candidate`.
    pub kind: String,
    /// True when the id was new.
    pub created: bool,
}

/// A record deleted.
#[derive(ToSchema)]
pub struct Deleted {
    pub id: String,
    pub kind: String,
    pub deleted: bool,
}

/// Vacancies for a person, best first (also the batch-output shape of `bole match`).
#[derive(ToSchema)]
pub struct JobMatches {
    pub candidate_id: String,
    pub matches: Vec<JobMatch>,
}

/// People for a vacancy, best first.
#[derive(ToSchema)]
pub struct CandidateMatches {
    pub job_id: String,
    pub matches: Vec<CandidateMatch>,
}

/// One search hit.
#[derive(ToSchema)]
pub struct SearchHit {
    pub id: String,
    pub score: f64,
    /// Vacancies only: the title (null if the vacancy went away meanwhile).
    pub title: Option<String>,
}

/// Search hits, best first.
#[derive(ToSchema)]
pub struct SearchResult {
    pub q: String,
    pub hits: Vec<SearchHit>,
}

/// Livestream picks.
#[derive(ToSchema)]
pub struct Picks {
    pub picks: Vec<Pick>,
}

/// Why a line was rejected.
#[derive(ToSchema)]
pub struct LineError {
    pub code: String,
    pub message: String,
    /// The JSON path of the bad field, when one is to blame (console import).
    pub field: Option<String>,
}

/// The outcome of one input line.
#[derive(ToSchema)]
pub struct LineResult {
    /// Line number in the body (1-based).
    pub line: u64,
    /// The record's id; null (or absent) when the line has none that could be read.
    pub id: Option<String>,
    pub ok: bool,
    /// Why the line was rejected (absent when `ok`).
    pub error: Option<LineError>,
}

/// A bulk load: the good lines are stored in one durable commit; every line gets a result.
#[derive(ToSchema)]
pub struct BulkResult {
    pub imported: u64,
    pub inserted: u64,
    pub replaced: u64,
    pub rejected: u64,
    pub results: Vec<LineResult>,
}

/// A console import: a bulk result with the side, format and line count.
#[derive(ToSchema)]
pub struct ConsoleImport {
    /// `jobs` or `candidates`.
    pub side: String,
    /// `jsonl` or `csv`.
    pub format: String,
    pub lines: u64,
    pub imported: u64,
    pub inserted: u64,
    pub replaced: u64,
    pub rejected: u64,
    pub results: Vec<LineResult>,
}

/// A label of a group or job kind.
#[derive(ToSchema)]
pub struct Label {
    pub id: String,
    pub label: String,
    /// Groups only: a 托底 group.
    pub priority: Option<bool>,
}

/// Record counts.
#[derive(ToSchema)]
pub struct Counts {
    pub jobs: u64,
    pub candidates: u64,
}

/// `GET /console/api/meta`.
#[derive(ToSchema)]
pub struct ConsoleMeta {
    pub version: String,
    pub counts: Counts,
    pub groups: Vec<Label>,
    pub kinds: Vec<Label>,
    pub writes_enabled: bool,
    pub open_reads: bool,
}

/// A `JobMatch` plus what a caseworker reads at a glance.
#[derive(ToSchema)]
pub struct JobRow {
    pub job_id: String,
    pub score: f64,
    pub reasons: Vec<String>,
    pub title: String,
    pub employer: Option<String>,
    pub place: Option<String>,
    pub kind: JobKind,
    /// Monthly CNY `[min, max]`; null = 面议.
    #[schema(value_type = Option<Vec<f64>>, min_items = 2, max_items = 2)]
    pub pay: Option<[f64; 2]>,
    pub distance_km: Option<f64>,
    pub beyond_commute: bool,
    pub education: Option<String>,
    pub headcount: u32,
    pub benefits: Vec<String>,
    pub valid_until: Option<String>,
}

/// A `CandidateMatch` plus what a caseworker reads at a glance.
#[derive(ToSchema)]
pub struct PersonRow {
    pub candidate_id: String,
    pub score: f64,
    pub reasons: Vec<String>,
    pub priority: bool,
    pub groups: Vec<Group>,
    pub education: Option<String>,
    pub major: Option<String>,
    pub place: Option<String>,
    pub distance_km: Option<f64>,
    pub desired: Vec<String>,
    /// The first 80 characters of the résumé.
    pub summary: Option<String>,
}

/// A person's record and vacancies for them.
#[derive(ToSchema)]
pub struct ConsoleJobMatches {
    pub candidate: Candidate,
    pub matches: Vec<JobRow>,
}

/// A vacancy's record and people for it.
#[derive(ToSchema)]
pub struct ConsolePersonMatches {
    pub job: Job,
    pub matches: Vec<PersonRow>,
}

/// The state of an assignment run.
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
pub enum RunState {
    Queued,
    Running,
    Done,
    Failed,
}

/// People whose edges are generated / people in the run (edge generation is the slow part; the
/// state stays `running` through the assignment itself).
#[derive(ToSchema)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

/// A run in brief.
#[derive(ToSchema)]
pub struct RunBrief {
    pub id: String,
    pub state: RunState,
    #[schema(value_type = super::params::AssignMode)]
    pub mode: String,
    pub progress: Progress,
    #[schema(format = DateTime)]
    pub created: String,
}

/// The runs held in memory (the last 20), newest first.
#[derive(ToSchema)]
pub struct RunList {
    pub runs: Vec<RunBrief>,
}

/// A run: its state, the summary once done, the error if failed.
#[derive(ToSchema)]
pub struct RunStatus {
    pub id: String,
    pub state: RunState,
    #[schema(value_type = super::params::AssignMode)]
    pub mode: String,
    pub progress: Progress,
    #[schema(format = DateTime)]
    pub created: String,
    pub summary: Option<RosterSummary>,
    pub error: Option<ErrorDetail>,
}

/// A rejected person of a submitted batch.
#[derive(ToSchema)]
pub struct Rejected {
    pub line: u64,
    /// JSON path of the bad field; null when the line is not a JSON record.
    pub field: Option<String>,
    pub message: String,
}

/// Where to poll and download a run.
#[derive(ToSchema)]
pub struct RunLinks {
    #[schema(rename = "self")]
    pub self_: String,
    pub csv: String,
    pub json: String,
}

/// A run queued.
#[derive(ToSchema)]
pub struct RunQueued {
    pub id: String,
    pub state: RunState,
    pub rejected: Vec<Rejected>,
    /// People in the run.
    pub total: u64,
    pub links: RunLinks,
}
